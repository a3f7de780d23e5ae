app-title = Tracemark
sign-in-title = Sign in to your agency's server
server-url = Server address
username = Username
password = Password
device-name = Name of this device
sign-in = Sign in
signing-in = Signing in…
sign-out = Sign out
sync-now = Sync now
syncing = Syncing…
last-sync = Last sync: { $when }
never-synced = Not synced yet
records-waiting = { $count ->
    [one] 1 record waiting to be sent
   *[other] { $count } records waiting to be sent
}
photos-waiting = { $count ->
    [one] 1 photo waiting to be sent
   *[other] { $count } photos waiting to be sent
}
all-sent = Everything is sent
home-title = Your work
stock-checks = Stock checks
seizure-cases = Seizure cases
new-case = New seizure case
no-assignments = No stock check is assigned to you yet. Sync while online to receive them.
no-cases = No seizure case on this device yet.
language = Language
progress = { $counted } of { $expected } counted
lines-left = { $count ->
    [one] 1 line left
   *[other] { $count } lines left
}
location = Location
expected = Expected
counted = Counted
lot = Lot
calibre = Calibre
manufacturer = Manufacturer
year = Year
quantity = Quantity
condition = Condition
unexpected-lot = Lot not on the list
save-count = Save count
saved = Saved on this device
submit-check = Submit stock check
back = Back
case-reference = Reference number
seized-on = Date of seizure
place = Place
mode-of-shipping = Mode of shipping
concealment = Concealment method
route-origin = Origin
route-destination = Destination
seized-items = Seized items
add-photo = Add photos of labels, stencils and headstamps
codes-found = { $count ->
    [one] 1 code found
   *[other] { $count } codes found
}
no-code-found = No code found in this photo: type what the marking says.
from-source = from { $source }
conflict = The codes disagree on { $field }: { $values }. Check the marking and choose.
save-draft = Save draft
submit-review = Submit for review
returned-comment = Returned by your supervisor: { $comment }
status-draft = Draft
status-submitted = Submitted
status-approved = Approved
status-returned = Returned
field-required = { $field } is required
photo-error = This photo could not be read: { $reason }
mode-air = Air
mode-sea = Sea
mode-road = Road
mode-rail = Rail
mode-postal = Post
mode-courier = Courier
mode-on_foot = On foot
mode-other = Other
