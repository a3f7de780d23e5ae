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
seizure-cases = Seizures and recovered caches
new-case = New seizure case
no-assignments = No stock check is assigned to you yet. Sync while online to receive them.
no-cases = No seizure or recovered cache on this device yet.
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
from-invalid-code = from { $source } of a code that is not valid as a whole: check it
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
latitude = Latitude
longitude = Longitude
use-gps = Use my position
locating = Finding your position…
gps-set = Position set from the GPS (within { $metres } m)
gps-set-plain = Position set from the GPS
gps-failed = No position: { $reason }. You can type the coordinates.
route = Route
route-transit = Transit places
route-transit-hint = One per line, or separated by commas
point-of-dispatch = Point of dispatch
parties = Parties
add-party = Add a party
party-name = Name
party-role = Role
country = Country
note = Note
remove = Remove
role-consignor = Sender
role-consignee = Receiver
role-broker = Broker
role-carrier = Carrier
role-freight_forwarder = Freight forwarder
role-end_user = End user
role-other = Other
add-item = Add another item
remove-item = Remove this item
sub-lot = Sub-lot
unit = Counted in
ammunition-type = Ammunition type
ammunition-type-from-marks = From the marks: { $type }
ammunition-type-from-marks-short = (from the marks)
ammunition-type-unknown = Not known
ammo-small_calibre = Small calibre
ammo-grenade = Grenade
ammo-mortar = Mortar bomb
ammo-artillery = Artillery or tank round
ammo-rocket = Rocket
ammo-manpads = MANPADS missile
ammo-atgw = Anti-tank guided missile
ammo-mine = Mine
ammo-demolition = Demolition charge or explosive
ammo-fuze_component = Fuze or component
ammo-other = Other
unit-rounds = Rounds
unit-boxes = Boxes
unit-crates = Crates
unit-pieces = Pieces
victims = Victims (optional)
victims-help = Only when the case involved violence. Leave a count empty when it is not known.
add-victims = Add victim counts
sex = Sex
age-band = Age
sex-female = Female
sex-male = Male
sex-unknown = Not known
age-child = 0–17
age-adult = 18–59
age-older = 60 and over
age-unknown = Not known
killed = Killed
injured = Injured
sharing = Who may see this case
scope-national = Every agency of my country
scope-own_agency = Only my agency
fix-before-saving = Please correct these fields:
photo = Photo
photo-error-plain = This photo could not be read.
take-photo = Take a photo
from-gallery = Choose from the gallery
drop-photos = Or drop photos here.
assignment-unreadable = This stock check could not be read. Sync again, or ask your supervisor to send it again.
go-to-location = Go to a location
all-locations = All locations
scan-location = Scan a location label
scan-box = Scan a box label
reading-photo = Reading the photo…
no-location-label = No location label found in this photo. Hold the camera closer, or pick the location from the list.
label-other-depot = This label is for depot { $depot }, not { $expected }.
label-not-in-check = Location { $location } is not part of this stock check.
box-matches = Box of lot { $lot }: its line is marked below.
box-not-expected = Lot { $lot } is not expected here: check it and add it below.
box-no-lot = { $count } codes read, but none gives a lot: type it from the label.
not-saved-yet = Typed but not saved yet
quantity-whole-number = Enter the counted quantity as a whole number.
nsn-invalid = The NSN must have 13 digits, e.g. 1305-01-234-5678.
cancel = Cancel
conflicts-title = Changed on the server
conflicts-help = These records were changed on the server after you submitted them. Compare, then keep the server's version or apply your change on top of it.
field = Field
yours = Yours
servers = On the server
keep-server = Keep the server's version
apply-mine = Apply my change on top
seizure-case = Seizure case
photos-kept = { $count ->
    [one] 1 photo kept with this item
   *[other] { $count } photos kept with this item
}
# Supervisor screens
open = Open
back-home = Home
try-again = Try again
sign-in-again = Sign in again
loading = Loading…
refresh = Refresh
close = Close
sending = Sending…
total = Total
status = Status
author = Author
device = Device
when = When
agency = Agency
priority-manpads = Priority: MANPADS missile
priority-atgw = Priority: anti-tank guided missile
review-queue = Review queue
review-queue-help = Submitted stock checks and seizure cases of your agency, oldest first: approve them or return them with a comment.
reports = Trend reports
reports-help = Seizures across the agencies that shared them, by calibre, maker, year, route or concealment, in quarterly releases. Small numbers are withheld.
sv-offline = No connection to the server. This screen needs the network: check it, then try again.
sv-signed-out = Your session has ended. Sign in again to continue.
sv-forbidden = Your account may not do this. Ask your administrator if you need it.
sv-not-found = Not found, or not shared with your agency.
sv-invalid = The server refused the request: { $message }
sv-conflict = It changed meanwhile or cannot be done in its present state (someone may have decided first): { $message }. Look at it again.
sv-server = The server is not answering properly: { $message }. Try again in a moment.
sv-other = Something went wrong: { $message }
queue-kind = Show
kind-all = All records
kind-stock_check = Stock check
kind-seizure_case = Seizure case
kind-other = Record
oldest-first = Oldest submission first
queue-empty = Nothing waits for review.
pick-record = Choose a record in the queue to see its photos, codes and history.
submitted-by = Submitted by { $author } on
photo-count = { $count ->
    [one] 1 photo
   *[other] { $count } photos
}
count-line-count = { $count ->
    [one] 1 count line
   *[other] { $count } count lines
}
returned-before = { $count ->
    [one] Returned once before
   *[other] Returned { $count } times before
}
last-return-comment = last comment: { $comment }
page-number = Page { $page }
previous-page = Previous page
next-page = Next page
back-to-queue = Back to the queue
revision-n = revision { $revision }
photos-heading = { $count ->
    [one] 1 photo
   *[other] Photos ({ $count })
}
no-photos = No photo with this record.
photo-n = Photo { $number }
loading-photo = Loading the photo…
photo-uploading = Not on the server yet: the device is still sending it.
photo-unreadable = This photo cannot be shown: { $reason }
open-original = Open the original
original-photo = Original photo
loading-original = Loading the original…
record-heading = What it records
stock-check-title = Stock check
depot = Depot
locations = Locations
expected-lines = Expected lines
count-lines = Count lines
codes-heading = { $count ->
    [one] 1 code scanned
   *[other] Codes scanned ({ $count })
}
no-codes = No code was scanned on this record.
code-kind-gs1_element_string = GS1
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-iso15434 = ISO/IEC 15434
code-kind-retail_gtin = GTIN
code-kind-nsn = NSN
code-kind-dodic = DODIC
code-kind-tracemark_label = Tracemark label
code-kind-plain_text = Text
code-field-gtin = GTIN
code-field-sscc = SSCC
code-field-lot = Lot
code-field-serial = Serial number
code-field-production_date = Production date
code-field-expiry_date = Expiry date
code-field-date = Date
code-field-nsn = NSN
code-field-dodic = DODIC
code-field-cage = CAGE code
code-field-part_number = Part number
code-field-uii = Unique item identifier
code-field-quantity = Quantity
history-heading = Revisions and decisions
no-decisions = No decision yet.
decision-approved = Approved
decision-returned = Returned
decided-by = by { $reviewer } (revision { $revision }) on
decision-heading = Your decision
review-comment = Comment for the author
review-comment-help = Required to return the record: say what to correct. Optional when approving.
comment-required = Write what the author should correct before returning the record.
approve = Approve
return-to-author = Return to the author
decided-approve = { $title } approved.
decided-return = { $title } returned to its author.
report-by = Rows
report-route-country = Route country
report-value = Value
report-why = Each column is a quarter’s release, computed once when the quarter closed. A number is shown only when it rests on at least { $k } cases from at least { $p } agencies and, with any one agency’s cases taken away, at least { $k } cases of two other agencies remain; shown numbers are rounded to a multiple of 5. “Suppressed” numbers may be small or zero: no agency can be identified.
report-suppressed = suppressed
report-other-values = (other values)
report-not-recorded = (not recorded)
report-empty = No release published yet.
comment-too-long = The comment is too long: keep it under 4000 characters.
report-nothing-shown = Every number of these releases is withheld: too few agencies shared cases of each kind.
report-next-release = The release for { $period } is published from { $day }.
reconciliation = Reconciliation
reconciliation-help = Expected against counted for a stock check of your agency, by location and lot, with totals; save it as CSV.
no-stock-checks = Your agency has no stock check yet. Import an expected inventory to start one.
choose-stock-check = Choose a stock check…
recon-summary = Expected { $expected } · counted { $counted } · difference { $difference }
recon-matched = Matched
recon-missing = Missing
recon-surplus = Surplus
recon-wrong_location = Wrong location
recon-unexpected_lot = Unexpected lot
condition-findings = Condition findings
no-findings = Every counted box was in serviceable condition.
difference = Difference
expected-at = expected at { $locations }
location-total = Total of { $location }
recon-empty = Nothing is expected or counted in this stock check.
recon-more-lines = { $count } more lines, all matched unless the differences alone fill the page, are in the CSV.
save-csv-to = Save as CSV to
save-csv = Save as CSV
saved-to = Saved to { $path }
save-failed = The file could not be written: { $reason }. Choose another folder.
import-title = Import a file
import-help = A depot's expected inventory (it becomes a stock check for your inspectors) or transfer records, from CSV or Excel. Checked before anything is written.
import-kind = What the file holds
import-inventory = Expected inventory of a depot
import-transfers = Transfer records
import-file = File (CSV or XLSX)
import-inventory-help = Column headers: depot, location, manufacturer, calibre, year, lot, sub_lot, nsn, quantity, or the same words in French, Spanish, Russian, Chinese or Arabic. One depot per file.
import-transfers-help = Column headers: end_user_certificate_ref, exporter, importer, end_user, transferred_on, then the lot columns and quantity, or the same words in French, Spanish, Russian, Chinese or Arabic.
import-check-title = Stock check title (optional)
import-assign = Inspectors who count (usernames, separated by commas)
import-assign-required = Name at least one inspector who will count this stock check.
import-choose-file = Choose a CSV or XLSX file first.
import-bad-type = { $name } is not a CSV or XLSX file.
import-too-large = The file is larger than 20 MB: split it into several files.
import-unreadable = The file could not be read: { $reason }
import-chosen = { $name } ({ $size } bytes)
import-check = Check the file
import-run = Import
import-busy = Working…
import-check-first = Check the file first: it can be imported once the check finds no problem.
import-done = { $records ->
    [one] Imported: 1 record written.
   *[other] Imported: { $records } records written.
}
import-clean = No problem found. Nothing is written yet: press Import to write it.
import-problems = { $count ->
    [one] 1 problem: correct it in the file and check it again. Nothing was written.
   *[other] { $count } problems: correct them in the file and check it again. Nothing was written.
}
import-rows = Rows
import-lots = Lots
import-total-quantity = Total quantity
import-records = Records
import-ignored = Columns ignored
import-line = Line
import-column = Column
import-rule = Rule
import-problem = Problem
import-not-listed = { $count } more problems are not listed.
kind-count_line = Count line
kind-transfer = Transfer
tracing = Tracing
tracing-help = Find a lot across inventories, transfers and seizures; ask other agencies for access to what they hold.
trace-lot = Lot
trace-sub-lot = Sub-lot
trace-manufacturer = Manufacturer
trace-calibre = Calibre
trace-year = Year
trace-nsn = NSN
trace-gtin = GTIN
trace-serial = Serial
trace-kind = Kind
trace-run = Trace
trace-split = Where did this lot go?
trace-need-criterion = Fill in at least one of lot, sub-lot, manufacturer, calibre, year, NSN, GTIN or serial.
trace-bad-year = Write the year with four digits, between 1850 and 2100.
trace-split-needs-lot = Fill in the lot to see where it went.
trace-read-as = Searched for: { $criteria }
trace-visible = { $count ->
    [one] 1 matching line you may see
   *[other] { $count } matching lines you may see
}
trace-no-visible = No matching record that you may see.
trace-truncated = Only the first { $limit } lines are shown: narrow the search.
trace-where = Where
trace-reference = Reference
trace-holders = Held by other agencies
trace-holders-help = These agencies hold matching records that are not shared with you. Ask them for access; they decide.
trace-holder = { $agency } ({ $country }) holds a matching record
trace-no-holders = No other agency holds a matching record hidden from you.
trace-holders-need-a-lot = Other agencies are named only for one lot: give a lot with its maker or calibre, an NSN with a lot, or a GTIN with a serial or a lot.
split-transfers = { $count ->
    [one] 1 transfer to an end user
   *[other] Transfers to end users ({ $count })
}
split-inventories = { $count ->
    [one] 1 inventory line holding it
   *[other] Inventories holding it ({ $count })
}
split-seizures = { $count ->
    [one] 1 seizure of it
   *[other] Seizures of it ({ $count })
}
split-none = None that you may see.
access-request = Request access
access-reason = Why you need these records (the other agency reads this)
access-reason-required = Say why you need the records.
access-send = Send the request
access-sent = Request sent to { $agency }. Its answer will appear under Access requests, Sent.
access-requests = Access requests
access-requests-help = Requests from other agencies to see your records, and the answers to yours.
access-incoming = Received
access-outgoing = Sent
access-none-incoming = No agency has asked for access to your records.
access-none-outgoing = Your agency has not asked for access yet.
access-from = From { $agency }
access-to = To { $agency }
access-sent-on = Sent on
access-criteria = Records matching: { $criteria }
access-comment = Answer: { $comment }
access-granted-records = { $count ->
    [one] 1 record granted
   *[other] { $count } records granted
}
access-until = until
access-status-pending = Waiting
access-status-granted = Granted
access-status-refused = Refused
access-review = Review this request
access-matching = { $count ->
    [one] 1 of your records matches
   *[other] { $count } of your records match
}
access-no-matching = None of your records matches now: you can only refuse.
access-matching-truncated = More records match than are listed here.
access-grant-all = Grant every matching record
access-grant-some = Grant only the records ticked
access-choose-records = Tick at least one record, or grant every matching record.
access-days = Days the access lasts (1 to 365)
access-bad-days = The access lasts 1 to 365 days.
access-note = Note to the requesting agency (optional)
access-grant = Grant
access-refuse = Refuse
import-scope = Who may see the records
open-reconciliation = Open its reconciliation

# Words the field app shares with the console (shared::view)
scope-partners = Named partner agencies
status-assigned = assigned
status-in_progress = in progress
exporter = Exporter
importer = Importer
end-user = End user
end-user-certificate = End-user certificate
transferred-on = Transferred on
code-field-additional_id = Additional product ID
code-field-order_number = Order number
code-field-country_of_origin = Country of origin
import-partners-required = Name at least one partner agency to share with.
status-recorded = Recorded
mixing-forbidden = Compatibility groups { $first } and { $second } must not be stored together here.
mixing-conditional = Compatibility groups { $first } and { $second } may share this location only under the national authority's conditions.
hazard-classification = UN hazard classification
hazard-invalid = The hazard classification is a division and a compatibility group, e.g. 1.1D or 1.4S.
mixed-storage = Mixed storage
mixed-storage-hint = Locations holding compatibility groups that the storage mixing chart (IATG 01.50) keeps apart.
split-breach = A transfer of this lot was made under a non-retransfer clause: a seizure of it outside its end user's hands may be a diversion in breach of the end-user certificate.
terms-no-retransfer = no retransfer
terms-retransfer-allowed = no non-retransfer clause
terms-unknown = non-retransfer clause not recorded
terms-dvc = delivery verified ({ $reference })
party-identifier = Identifier (IMO number, aircraft registration, company number)

# Recovered caches (found, abandoned, uncleared or handed-in ammunition)
kind-recovered_cache = Recovered cache
recovered-on = Date of recovery
recovery-circumstance = How it was found
recovered-by = Recovered by (unit, team or officer)
recovered-condition = Condition when found
recovery-action = What was done
action-on = Date of the action
moved-to = Moved to
action-note = How it was done
circumstance-found = Found hidden
circumstance-abandoned = Abandoned
circumstance-uncleared = Left uncleared after fighting
circumstance-handed_in = Handed in
cache-condition-intact = Intact
cache-condition-deteriorated = Deteriorated, safe to move
cache-condition-unsafe = Unsafe to move
cache-action-secured = Secured in place
cache-action-moved = Moved to a store
cache-action-destroyed = Destroyed
new-recovery = New recovered cache
recovered-cache = Recovered cache
recovery = Recovery
recovered-items = Recovered items
access-by-party = Records naming: { $party }
party-search-title = Parties across cases
party-search-hint = Where else a broker, carrier, vessel or aircraft, a place of a route or a concealment method appears: in detail where you may see it, and the agencies holding more.
party-search-name = Name
party-search-identifier = Identifier (IMO, registration)
party-search-place = Place or point of dispatch
party-search-concealment = Concealment (words)
party-search-run = Search parties
party-search-no-holders-searched = Concealment words alone do not name the agencies holding more.
