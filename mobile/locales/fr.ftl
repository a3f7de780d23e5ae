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
seizure-cases = Saisies et caches récupérées
new-case = Nouvelle saisie
no-assignments = Aucun inventaire ne vous est attribué. Synchronisez en ligne pour les recevoir.
no-cases = Aucune saisie ni cache récupérée sur cet appareil.
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
from-invalid-code = d'après { $source }, d'un code qui n'est pas valide dans son ensemble : à vérifier
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
latitude = Latitude
longitude = Longitude
use-gps = Utiliser ma position
locating = Recherche de votre position…
gps-set = Position fixée par le GPS (à { $metres } m près)
gps-set-plain = Position fixée par le GPS
gps-failed = Pas de position : { $reason }. Vous pouvez saisir les coordonnées.
route = Itinéraire
route-transit = Lieux de transit
route-transit-hint = Un par ligne, ou séparés par des virgules
point-of-dispatch = Point d'expédition
parties = Parties
add-party = Ajouter une partie
party-name = Nom
party-role = Rôle
country = Pays
note = Remarque
remove = Retirer
role-consignor = Expéditeur
role-consignee = Destinataire
role-broker = Courtier
role-carrier = Transporteur
role-freight_forwarder = Transitaire
role-end_user = Utilisateur final
role-other = Autre
add-item = Ajouter un autre article
remove-item = Retirer cet article
sub-lot = Sous-lot
unit = Compté en
ammunition-type = Type de munition
ammunition-type-from-marks = D'après les marquages : { $type }
ammunition-type-from-marks-short = (d'après les marquages)
ammunition-type-unknown = Inconnu
ammo-small_calibre = Petit calibre
ammo-grenade = Grenade
ammo-mortar = Obus de mortier
ammo-artillery = Munition d'artillerie ou de char
ammo-rocket = Roquette
ammo-manpads = Missile sol-air portable (MANPADS)
ammo-atgw = Missile antichar guidé
ammo-mine = Mine
ammo-demolition = Charge de démolition ou explosif
ammo-fuze_component = Fusée ou composant
ammo-other = Autre
unit-rounds = Cartouches
unit-boxes = Boîtes
unit-crates = Caisses
unit-pieces = Pièces
victims = Victimes (facultatif)
victims-help = Seulement si l'affaire a impliqué des violences. Laissez vide un nombre inconnu.
add-victims = Ajouter des victimes
sex = Sexe
age-band = Âge
sex-female = Femmes
sex-male = Hommes
sex-unknown = Inconnu
age-child = 0–17
age-adult = 18–59
age-older = 60 et plus
age-unknown = Inconnu
killed = Tués
injured = Blessés
sharing = Qui peut voir cette affaire
scope-national = Toutes les agences de mon pays
scope-own_agency = Seulement mon agence
fix-before-saving = Veuillez corriger ces champs :
photo = Photo
photo-error-plain = Cette photo n'a pas pu être lue.
take-photo = Prendre une photo
from-gallery = Choisir dans la galerie
drop-photos = Ou déposez des photos ici.
assignment-unreadable = Ce contrôle de stock n'a pas pu être lu. Synchronisez de nouveau ou demandez à votre superviseur de le renvoyer.
go-to-location = Aller à un emplacement
all-locations = Tous les emplacements
scan-location = Scanner une étiquette d'emplacement
scan-box = Scanner l'étiquette d'une caisse
reading-photo = Lecture de la photo…
no-location-label = Aucune étiquette d'emplacement dans cette photo. Rapprochez l'appareil ou choisissez l'emplacement dans la liste.
label-other-depot = Cette étiquette est celle du dépôt { $depot }, pas { $expected }.
label-not-in-check = L'emplacement { $location } ne fait pas partie de ce contrôle.
box-matches = Caisse du lot { $lot } : sa ligne est signalée ci-dessous.
box-not-expected = Le lot { $lot } n'est pas attendu ici : vérifiez-le et ajoutez-le ci-dessous.
box-no-lot = { $count } codes lus, mais aucun ne donne de lot : saisissez-le depuis l'étiquette.
not-saved-yet = Saisi mais pas encore enregistré
quantity-whole-number = Saisissez la quantité comptée en nombre entier.
nsn-invalid = Le NSN doit compter 13 chiffres, p. ex. 1305-01-234-5678.
cancel = Annuler
conflicts-title = Modifié sur le serveur
conflicts-help = Ces fiches ont été modifiées sur le serveur après votre envoi. Comparez, puis gardez la version du serveur ou appliquez votre modification par-dessus.
field = Champ
yours = Votre version
servers = Sur le serveur
keep-server = Garder la version du serveur
apply-mine = Appliquer ma modification par-dessus
seizure-case = Saisie
photos-kept = { $count ->
    [one] 1 photo jointe à cet article
   *[other] { $count } photos jointes à cet article
}
# Supervisor screens
open = Ouvrir
back-home = Accueil
try-again = Réessayer
sign-in-again = Se reconnecter
loading = Chargement…
refresh = Actualiser
close = Fermer
sending = Envoi…
total = Total
status = Statut
author = Auteur
device = Appareil
when = Date
agency = Agence
priority-manpads = Prioritaire : missile sol-air portable (MANPADS)
priority-atgw = Prioritaire : missile antichar guidé
review-queue = File de validation
review-queue-help = Inventaires et saisies soumis par votre agence, les plus anciens d’abord : approuvez-les ou renvoyez-les avec un commentaire.
reports = Rapports de tendance
reports-help = Saisies des agences qui les ont partagées, par calibre, fabricant, année, itinéraire ou dissimulation, en publications trimestrielles. Les petits nombres sont masqués.
sv-offline = Pas de connexion au serveur. Cet écran a besoin du réseau : vérifiez-le, puis réessayez.
sv-signed-out = Votre session a pris fin. Reconnectez-vous pour continuer.
sv-forbidden = Votre compte ne permet pas cette action. Demandez-la à votre administrateur si nécessaire.
sv-not-found = Introuvable, ou non partagé avec votre agence.
sv-invalid = Le serveur a refusé la demande : { $message }
sv-conflict = Cela a changé entre-temps ou n’est pas possible dans l’état actuel (quelqu’un a peut-être déjà décidé) : { $message }. Regardez à nouveau.
sv-server = Le serveur ne répond pas correctement : { $message }. Réessayez dans un moment.
sv-other = Une erreur s’est produite : { $message }
queue-kind = Afficher
kind-all = Tous les enregistrements
kind-stock_check = Inventaire
kind-seizure_case = Saisie
kind-other = Enregistrement
oldest-first = Soumissions les plus anciennes d’abord
queue-empty = Rien n’attend de validation.
pick-record = Choisissez un enregistrement dans la file pour voir ses photos, codes et historique.
submitted-by = Soumis par { $author } le
photo-count = { $count ->
    [one] 1 photo
   *[other] { $count } photos
}
count-line-count = { $count ->
    [one] 1 ligne de comptage
   *[other] { $count } lignes de comptage
}
returned-before = { $count ->
    [one] Déjà renvoyé une fois
   *[other] Déjà renvoyé { $count } fois
}
last-return-comment = dernier commentaire : { $comment }
page-number = Page { $page }
previous-page = Page précédente
next-page = Page suivante
back-to-queue = Retour à la file
revision-n = révision { $revision }
photos-heading = { $count ->
    [one] 1 photo
   *[other] Photos ({ $count })
}
no-photos = Aucune photo avec cet enregistrement.
photo-n = Photo { $number }
loading-photo = Chargement de la photo…
photo-uploading = Pas encore sur le serveur : l’appareil l’envoie encore.
photo-unreadable = Cette photo ne peut pas être affichée : { $reason }
open-original = Ouvrir l’original
original-photo = Photo originale
loading-original = Chargement de l’original…
record-heading = Contenu
stock-check-title = Inventaire
depot = Dépôt
locations = Emplacements
expected-lines = Lignes attendues
count-lines = Lignes de comptage
codes-heading = { $count ->
    [one] 1 code lu
   *[other] Codes lus ({ $count })
}
no-codes = Aucun code n’a été lu sur cet enregistrement.
code-kind-gs1_element_string = GS1
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-iso15434 = ISO/IEC 15434
code-kind-retail_gtin = GTIN
code-kind-nsn = NSN
code-kind-dodic = DODIC
code-kind-tracemark_label = Étiquette Tracemark
code-kind-plain_text = Texte
code-field-gtin = GTIN
code-field-sscc = SSCC
code-field-lot = Lot
code-field-serial = Numéro de série
code-field-production_date = Date de fabrication
code-field-expiry_date = Date de péremption
code-field-date = Date
code-field-nsn = NSN
code-field-dodic = DODIC
code-field-cage = Code CAGE
code-field-part_number = Référence
code-field-uii = Identifiant unique d’article
code-field-quantity = Quantité
history-heading = Révisions et décisions
no-decisions = Aucune décision pour l’instant.
decision-approved = Approuvé
decision-returned = Renvoyé
decided-by = par { $reviewer } (révision { $revision }) le
decision-heading = Votre décision
review-comment = Commentaire pour l’auteur
review-comment-help = Obligatoire pour renvoyer : indiquez quoi corriger. Facultatif pour approuver.
comment-required = Indiquez ce que l’auteur doit corriger avant de renvoyer l’enregistrement.
approve = Approuver
return-to-author = Renvoyer à l’auteur
decided-approve = { $title } approuvé.
decided-return = { $title } renvoyé à son auteur.
report-by = Lignes
report-route-country = Pays de l’itinéraire
report-value = Valeur
report-why = Chaque colonne est la publication d’un trimestre, calculée une fois à sa clôture. Un nombre n’est affiché que s’il repose sur au moins { $k } saisies d’au moins { $p } agences et que, sans les saisies de n’importe quelle agence, il en reste au moins { $k } de deux autres agences ; les nombres affichés sont arrondis à un multiple de 5. Les nombres « masqués » peuvent être petits ou nuls : aucune agence ne peut être identifiée.
report-suppressed = masqué
report-other-values = (autres valeurs)
report-not-recorded = (non renseigné)
report-empty = Aucune publication pour l’instant.
comment-too-long = Le commentaire est trop long : 4000 caractères au plus.
report-nothing-shown = Tous les nombres de ces publications sont masqués : trop peu d’agences ont partagé des saisies de chaque sorte.
report-next-release = La publication du trimestre { $period } paraît à partir du { $day }.
reconciliation = Rapprochement
reconciliation-help = Attendu et compté pour un inventaire de votre agence, par emplacement et lot, avec les totaux ; enregistrable en CSV.
no-stock-checks = Votre agence n’a pas encore d’inventaire. Importez un inventaire attendu pour en créer un.
choose-stock-check = Choisissez un inventaire…
recon-summary = Attendu { $expected } · compté { $counted } · écart { $difference }
recon-matched = Conforme
recon-missing = Manquant
recon-surplus = Excédent
recon-wrong_location = Mauvais emplacement
recon-unexpected_lot = Lot inattendu
condition-findings = Constats d’état
no-findings = Toutes les caisses comptées étaient en état de service.
difference = Écart
expected-at = attendu à { $locations }
location-total = Total de { $location }
recon-empty = Rien n’est attendu ni compté dans cet inventaire.
recon-more-lines = { $count } lignes de plus, toutes concordantes sauf si les écarts remplissent à eux seuls la page, sont dans le CSV.
save-csv-to = Enregistrer en CSV dans
save-csv = Enregistrer en CSV
saved-to = Enregistré dans { $path }
save-failed = Le fichier n’a pas pu être écrit : { $reason }. Choisissez un autre dossier.
import-title = Importer un fichier
import-help = L’inventaire attendu d’un dépôt (il devient un inventaire pour vos inspecteurs) ou des transferts, depuis CSV ou Excel. Vérifié avant toute écriture.
import-kind = Contenu du fichier
import-inventory = Inventaire attendu d’un dépôt
import-transfers = Transferts
import-file = Fichier (CSV ou XLSX)
import-inventory-help = En-têtes de colonnes : dépôt, emplacement, fabricant, calibre, année, lot, sous_lot, nsn, quantité (ou en anglais : depot, location, manufacturer, calibre, year, lot, sub_lot, nsn, quantity). Un dépôt par fichier.
import-transfers-help = En-têtes de colonnes : certificat_utilisateur_final, exportateur, importateur, utilisateur_final, date_de_transfert, puis les colonnes du lot et la quantité (ou en anglais : end_user_certificate_ref, exporter, importer, end_user, transferred_on).
import-check-title = Titre de l’inventaire (facultatif)
import-assign = Inspecteurs qui comptent (identifiants séparés par des virgules)
import-assign-required = Indiquez au moins un inspecteur qui comptera cet inventaire.
import-choose-file = Choisissez d’abord un fichier CSV ou XLSX.
import-bad-type = { $name } n’est pas un fichier CSV ou XLSX.
import-too-large = Le fichier dépasse 20 Mo : divisez-le en plusieurs fichiers.
import-unreadable = Le fichier n’a pas pu être lu : { $reason }
import-chosen = { $name } ({ $size } octets)
import-check = Vérifier le fichier
import-run = Importer
import-busy = En cours…
import-check-first = Vérifiez d’abord le fichier : il pourra être importé quand la vérification ne trouvera aucun problème.
import-done = { $records ->
    [one] Importé : 1 enregistrement écrit.
   *[other] Importé : { $records } enregistrements écrits.
}
import-clean = Aucun problème. Rien n’est encore écrit : appuyez sur Importer.
import-problems = { $count ->
    [one] 1 problème : corrigez-le dans le fichier et vérifiez à nouveau. Rien n’a été écrit.
   *[other] { $count } problèmes : corrigez-les dans le fichier et vérifiez à nouveau. Rien n’a été écrit.
}
import-rows = Lignes
import-lots = Lots
import-total-quantity = Quantité totale
import-records = Enregistrements
import-ignored = Colonnes ignorées
import-line = Ligne
import-column = Colonne
import-rule = Règle
import-problem = Problème
import-not-listed = { $count } autres problèmes ne sont pas listés.
kind-count_line = Ligne de comptage
kind-transfer = Transfert
tracing = Traçage
tracing-help = Retrouvez un lot dans les inventaires, transferts et saisies ; demandez l’accès à ce que détiennent d’autres agences.
trace-lot = Lot
trace-sub-lot = Sous-lot
trace-manufacturer = Fabricant
trace-calibre = Calibre
trace-year = Année
trace-nsn = NSN
trace-gtin = GTIN
trace-serial = Numéro de série
trace-kind = Type
trace-run = Tracer
trace-split = Où ce lot est-il allé ?
trace-need-criterion = Renseignez au moins un des champs : lot, sous-lot, fabricant, calibre, année, NSN, GTIN ou numéro de série.
trace-bad-year = Écrivez l’année en quatre chiffres, entre 1850 et 2100.
trace-split-needs-lot = Renseignez le lot pour voir où il est allé.
trace-read-as = Recherche : { $criteria }
trace-visible = { $count ->
    [one] 1 ligne correspondante visible pour vous
   *[other] { $count } lignes correspondantes visibles pour vous
}
trace-no-visible = Aucun enregistrement correspondant visible pour vous.
trace-truncated = Seules les { $limit } premières lignes sont affichées : affinez la recherche.
trace-where = Lieu
trace-reference = Référence
trace-holders = Détenus par d’autres agences
trace-holders-help = Ces agences détiennent des enregistrements correspondants qui ne vous sont pas partagés. Demandez-leur l’accès ; elles décident.
trace-holder = { $agency } ({ $country }) détient un enregistrement correspondant
trace-no-holders = Aucune autre agence ne détient d’enregistrement correspondant caché pour vous.
trace-holders-need-a-lot = Les autres agences ne sont nommées que pour un lot précis : indiquez un lot avec son fabricant ou son calibre, un NSN avec un lot, ou un GTIN avec un numéro de série ou un lot.
split-transfers = { $count ->
    [one] 1 transfert vers un utilisateur final
   *[other] Transferts vers des utilisateurs finaux ({ $count })
}
split-inventories = { $count ->
    [one] 1 ligne d’inventaire le détenant
   *[other] Inventaires le détenant ({ $count })
}
split-seizures = { $count ->
    [one] 1 saisie
   *[other] Saisies ({ $count })
}
split-none = Aucun visible pour vous.
access-request = Demander l’accès
access-reason = Pourquoi vous avez besoin de ces enregistrements (l’autre agence le lira)
access-reason-required = Indiquez pourquoi vous avez besoin des enregistrements.
access-send = Envoyer la demande
access-sent = Demande envoyée à { $agency }. Sa réponse apparaîtra dans Demandes d’accès, Envoyées.
access-requests = Demandes d’accès
access-requests-help = Demandes d’autres agences pour voir vos enregistrements, et réponses aux vôtres.
access-incoming = Reçues
access-outgoing = Envoyées
access-none-incoming = Aucune agence n’a demandé l’accès à vos enregistrements.
access-none-outgoing = Votre agence n’a encore rien demandé.
access-from = De { $agency }
access-to = À { $agency }
access-sent-on = Envoyée le
access-criteria = Enregistrements correspondant à : { $criteria }
access-comment = Réponse : { $comment }
access-granted-records = { $count ->
    [one] 1 enregistrement accordé
   *[other] { $count } enregistrements accordés
}
access-until = jusqu’au
access-status-pending = En attente
access-status-granted = Accordée
access-status-refused = Refusée
access-review = Examiner cette demande
access-matching = { $count ->
    [one] 1 de vos enregistrements correspond
   *[other] { $count } de vos enregistrements correspondent
}
access-no-matching = Aucun de vos enregistrements ne correspond actuellement : vous pouvez seulement refuser.
access-matching-truncated = Plus d’enregistrements correspondent que ceux listés ici.
access-grant-all = Accorder tous les enregistrements correspondants
access-grant-some = Accorder seulement les enregistrements cochés
access-choose-records = Cochez au moins un enregistrement, ou accordez-les tous.
access-days = Durée de l’accès en jours (1 à 365)
access-bad-days = L’accès dure de 1 à 365 jours.
access-note = Note pour l’agence demandeuse (facultatif)
access-grant = Accorder
access-refuse = Refuser
import-scope = Qui peut voir les enregistrements
open-reconciliation = Ouvrir son rapprochement

# Words the field app shares with the console (shared::view)
scope-partners = Des organismes partenaires nommés
status-assigned = attribué
status-in_progress = en cours
exporter = Exportateur
importer = Importateur
end-user = Utilisateur final
end-user-certificate = Certificat d'utilisateur final
transferred-on = Transféré le
code-field-additional_id = Identifiant produit supplémentaire
code-field-order_number = Numéro de commande
code-field-country_of_origin = Pays d'origine
import-partners-required = Indiquez au moins une agence partenaire avec laquelle partager.
status-recorded = Enregistré
mixing-forbidden = Les groupes de compatibilité { $first } et { $second } ne doivent pas être stockés ensemble ici.
mixing-conditional = Les groupes de compatibilité { $first } et { $second } ne peuvent partager cet emplacement qu'aux conditions de l'autorité nationale.
hazard-classification = Classement de danger ONU
hazard-invalid = Le classement de danger est une division et un groupe de compatibilité, par ex. 1.1D ou 1.4S.
mixed-storage = Stockage mixte
mixed-storage-hint = Emplacements contenant des groupes de compatibilité que le tableau de mixité du stockage (IATG 01.50) sépare.
split-breach = Un transfert de ce lot était soumis à une clause de non-réexportation : sa saisie hors des mains de l'utilisateur final peut être un détournement contraire au certificat d'utilisateur final.
terms-no-retransfer = pas de réexportation
terms-retransfer-allowed = sans clause de non-réexportation
terms-unknown = clause de non-réexportation non enregistrée
terms-dvc = livraison vérifiée ({ $reference })
party-identifier = Identifiant (numéro OMI, immatriculation d'aéronef, numéro d'entreprise)

# Caches récupérées (munitions trouvées, abandonnées, non dépolluées ou remises)
kind-recovered_cache = Cache récupérée
recovered-on = Date de la récupération
recovery-circumstance = Circonstances de la découverte
recovered-by = Récupérée par (unité, équipe ou agent)
recovered-condition = État à la découverte
recovery-action = Mesure prise
action-on = Date de la mesure
moved-to = Transférée vers
action-note = Comment
circumstance-found = Trouvée cachée
circumstance-abandoned = Abandonnée
circumstance-uncleared = Laissée sur le terrain après les combats
circumstance-handed_in = Remise volontairement
cache-condition-intact = Intacte
cache-condition-deteriorated = Détériorée, transportable
cache-condition-unsafe = Dangereuse à déplacer
cache-action-secured = Sécurisée sur place
cache-action-moved = Transférée dans un dépôt
cache-action-destroyed = Détruite
new-recovery = Nouvelle cache récupérée
recovered-cache = Cache récupérée
recovery = Récupération
recovered-items = Munitions récupérées
access-by-party = Dossiers mentionnant : { $party }
party-search-title = Parties d'un dossier à l'autre
party-search-hint = Où apparaissent ailleurs un courtier, un transporteur, un navire ou un aéronef, un lieu d'itinéraire ou un mode de dissimulation : en détail là où vous pouvez le voir, et les organismes qui en détiennent davantage.
party-search-name = Nom
party-search-identifier = Identifiant (OMI, immatriculation)
party-search-place = Lieu ou point d'expédition
party-search-concealment = Dissimulation (mots)
party-search-run = Rechercher
party-search-no-holders-searched = Des mots de dissimulation seuls ne nomment pas les organismes qui en détiennent davantage.
