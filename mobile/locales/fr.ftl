app-title = Tracemark
sign-in-title = Connexion au serveur de votre agence
server-url = Adresse du serveur
username = Nom d'utilisateur
password = Mot de passe
device-name = Nom de cet appareil
sign-in = Se connecter
signing-in = Connexion…
sign-out = Se déconnecter
sync-now = Synchroniser
syncing = Synchronisation…
last-sync = Dernière synchronisation : { $when }
never-synced = Pas encore synchronisé
records-waiting = { $count ->
    [one] 1 fiche en attente d'envoi
   *[other] { $count } fiches en attente d'envoi
}
photos-waiting = { $count ->
    [one] 1 photo en attente d'envoi
   *[other] { $count } photos en attente d'envoi
}
all-sent = Tout est envoyé
home-title = Votre travail
stock-checks = Inventaires
seizure-cases = Saisies
new-case = Nouvelle saisie
no-assignments = Aucun inventaire ne vous est attribué. Synchronisez en ligne pour les recevoir.
no-cases = Aucune saisie sur cet appareil.
language = Langue
progress = { $counted } sur { $expected } comptés
lines-left = { $count ->
    [one] 1 ligne restante
   *[other] { $count } lignes restantes
}
location = Emplacement
expected = Attendu
counted = Compté
lot = Lot
calibre = Calibre
manufacturer = Fabricant
year = Année
quantity = Quantité
condition = État
unexpected-lot = Lot absent de la liste
save-count = Enregistrer le comptage
saved = Enregistré sur cet appareil
submit-check = Soumettre l'inventaire
back = Retour
case-reference = Numéro de référence
seized-on = Date de la saisie
place = Lieu
mode-of-shipping = Mode d'expédition
concealment = Mode de dissimulation
route-origin = Origine
route-destination = Destination
seized-items = Articles saisis
add-photo = Ajouter des photos d'étiquettes, de marquages et de culots
codes-found = { $count ->
    [one] 1 code trouvé
   *[other] { $count } codes trouvés
}
no-code-found = Aucun code trouvé sur cette photo : saisissez le marquage.
from-source = d'après { $source }
conflict = Les codes ne concordent pas pour { $field } : { $values }. Vérifiez le marquage et choisissez.
save-draft = Enregistrer le brouillon
submit-review = Soumettre pour validation
returned-comment = Renvoyé par votre superviseur : { $comment }
status-draft = Brouillon
status-submitted = Soumis
status-approved = Validé
status-returned = Renvoyé
field-required = { $field } est obligatoire
photo-error = Cette photo n'a pas pu être lue : { $reason }
mode-air = Aérien
mode-sea = Maritime
mode-road = Routier
mode-rail = Ferroviaire
mode-postal = Postal
mode-courier = Messagerie
mode-on_foot = À pied
mode-other = Autre
