app-title = Tracemark
sign-in-title = Inicie sesión en el servidor de su agencia
server-url = Dirección del servidor
username = Nombre de usuario
password = Contraseña
device-name = Nombre de este dispositivo
sign-in = Iniciar sesión
signing-in = Iniciando sesión…
sign-out = Cerrar sesión
sync-now = Sincronizar ahora
syncing = Sincronizando…
last-sync = Última sincronización: { $when }
never-synced = Aún no sincronizado
records-waiting = { $count ->
    [one] 1 registro pendiente de envío
   *[other] { $count } registros pendientes de envío
}
photos-waiting = { $count ->
    [one] 1 foto pendiente de envío
   *[other] { $count } fotos pendientes de envío
}
all-sent = Todo está enviado
home-title = Su trabajo
stock-checks = Recuentos de existencias
seizure-cases = Incautaciones y alijos recuperados
new-case = Nuevo caso de incautación
no-assignments = Todavía no tiene ningún recuento de existencias asignado. Sincronice cuando tenga conexión para recibirlos.
no-cases = Todavía no hay ninguna incautación ni alijo recuperado en este dispositivo.
language = Idioma
progress = { $counted } de { $expected } contados
lines-left = { $count ->
    [one] Queda 1 línea
   *[other] Quedan { $count } líneas
}
location = Ubicación
expected = Previsto
counted = Contado
lot = Lote
calibre = Calibre
manufacturer = Fabricante
year = Año
quantity = Cantidad
condition = Estado
unexpected-lot = Lote que no figura en la lista
save-count = Guardar recuento
saved = Guardado en este dispositivo
submit-check = Enviar recuento de existencias
back = Volver
case-reference = Número de referencia
seized-on = Fecha de la incautación
place = Lugar
mode-of-shipping = Modo de envío
concealment = Método de ocultación
route-origin = Origen
route-destination = Destino
seized-items = Artículos incautados
add-photo = Añada fotos de etiquetas, marcas estarcidas y marcas de culote
codes-found = { $count ->
    [one] 1 código encontrado
   *[other] { $count } códigos encontrados
}
no-code-found = No se encontró ningún código en esta foto: escriba lo que dice el marcaje.
from-source = según { $source }
from-invalid-code = según { $source }, de un código que no es válido en su conjunto: compruébelo
conflict = Los códigos no coinciden en { $field }: { $values }. Revise el marcaje y elija.
save-draft = Guardar borrador
submit-review = Enviar para revisión
returned-comment = Devuelto por su supervisor/a: { $comment }
status-draft = Borrador
status-submitted = Enviado
status-approved = Aprobado
status-returned = Devuelto
field-required = Campo obligatorio: { $field }
photo-error = No se pudo leer esta foto: { $reason }
mode-air = Aéreo
mode-sea = Marítimo
mode-road = Por carretera
mode-rail = Ferroviario
mode-postal = Postal
mode-courier = Mensajería
mode-on_foot = A pie
mode-other = Otro
latitude = Latitud
longitude = Longitud
use-gps = Usar mi posición
locating = Buscando su posición…
gps-set = Posición tomada del GPS (precisión de { $metres } m)
gps-set-plain = Posición tomada del GPS
gps-failed = Sin posición: { $reason }. Puede escribir las coordenadas.
route = Ruta
route-transit = Lugares de tránsito
route-transit-hint = Uno por línea, o separados por comas
point-of-dispatch = Punto de despacho
parties = Partes
add-party = Añadir una parte
party-name = Nombre
party-role = Función
country = País
note = Nota
remove = Quitar
role-consignor = Remitente
role-consignee = Destinatario
role-broker = Intermediario
role-carrier = Transportista
role-freight_forwarder = Agente de carga
role-end_user = Usuario final
role-other = Otro
add-item = Añadir otro artículo
remove-item = Quitar este artículo
sub-lot = Sublote
unit = Contado en
ammunition-type = Tipo de munición
ammunition-type-from-marks = Según las marcas: { $type }
ammunition-type-from-marks-short = (según las marcas)
ammunition-type-unknown = Desconocido
ammo-small_calibre = Pequeño calibre
ammo-grenade = Granada
ammo-mortar = Granada de mortero
ammo-artillery = Munición de artillería o de carro
ammo-rocket = Cohete
ammo-manpads = Misil tierra-aire portátil (MANPADS)
ammo-atgw = Misil antitanque guiado
ammo-mine = Mina
ammo-demolition = Carga de demolición o explosivo
ammo-fuze_component = Espoleta o componente
ammo-other = Otro
unit-rounds = Cartuchos
unit-boxes = Cajas
unit-crates = Cajones
unit-pieces = Piezas
victims = Víctimas (opcional)
victims-help = Solo si el caso implicó violencia. Deje vacía una cifra cuando no se conozca.
add-victims = Añadir cifras de víctimas
sex = Sexo
age-band = Edad
sex-female = Femenino
sex-male = Masculino
sex-unknown = No consta
age-child = 0–17
age-adult = 18–59
age-older = 60 o más
age-unknown = No consta
killed = Fallecidos
injured = Heridos
sharing = Quién puede ver este caso
scope-national = Todas las agencias de mi país
scope-own_agency = Solo mi agencia
fix-before-saving = Corrija estos campos:
photo = Foto
photo-error-plain = No se pudo leer esta foto.
take-photo = Tomar una foto
from-gallery = Elegir de la galería
drop-photos = O suelte las fotos aquí.
assignment-unreadable = No se pudo leer este recuento de existencias. Vuelva a sincronizar o pida a su supervisor/a que lo envíe de nuevo.
go-to-location = Ir a una ubicación
all-locations = Todas las ubicaciones
scan-location = Escanear una etiqueta de ubicación
scan-box = Escanear la etiqueta de una caja
reading-photo = Leyendo la foto…
no-location-label = No se encontró ninguna etiqueta de ubicación en esta foto. Acerque más la cámara o elija la ubicación de la lista.
label-other-depot = Esta etiqueta corresponde al depósito { $depot }, no a { $expected }.
label-not-in-check = La ubicación { $location } no forma parte de este recuento de existencias.
box-matches = Caja del lote { $lot }: su línea está marcada abajo.
box-not-expected = El lote { $lot } no está previsto aquí: revíselo y añádalo abajo.
box-no-lot = Se leyeron { $count } códigos, pero ninguno indica un lote: escríbalo a partir de la etiqueta.
not-saved-yet = Escrito pero aún no guardado
quantity-whole-number = Escriba la cantidad contada como número entero.
nsn-invalid = El NSN debe tener 13 dígitos, p. ej. 1305-01-234-5678.
cancel = Cancelar
conflicts-title = Modificado en el servidor
conflicts-help = Estos registros se modificaron en el servidor después de que usted los enviara. Compárelos y luego conserve la versión del servidor o aplique su cambio sobre ella.
field = Campo
yours = Su versión
servers = En el servidor
keep-server = Conservar la versión del servidor
apply-mine = Aplicar mi cambio sobre ella
seizure-case = Caso de incautación
photos-kept = { $count ->
    [one] 1 foto guardada con este artículo
   *[other] { $count } fotos guardadas con este artículo
}
# Supervisor screens
open = Abrir
back-home = Inicio
try-again = Reintentar
sign-in-again = Volver a iniciar sesión
loading = Cargando…
refresh = Actualizar
close = Cerrar
sending = Enviando…
total = Total
status = Estado
author = Autor
device = Dispositivo
when = Fecha
agency = Agencia
priority-manpads = Prioritario: misil tierra-aire portátil (MANPADS)
priority-atgw = Prioritario: misil antitanque guiado
review-queue = Bandeja de revisión
review-queue-help = Recuentos de existencias y casos de incautación enviados en su agencia, los más antiguos primero: apruébelos o devuélvalos con un comentario.
reports = Informes de tendencias
reports-help = Incautaciones de las agencias que las compartieron, por calibre, fabricante, año, ruta u ocultación, en publicaciones trimestrales. Las cifras pequeñas no se muestran.
sv-offline = No hay conexión con el servidor. Esta pantalla necesita la red: compruébela y vuelva a intentarlo.
sv-signed-out = Su sesión ha terminado. Vuelva a iniciar sesión para continuar.
sv-forbidden = Su cuenta no tiene permiso para hacer esto. Pídalo a su administrador si lo necesita.
sv-not-found = No encontrado, o no compartido con su agencia.
sv-invalid = El servidor rechazó la solicitud: { $message }
sv-conflict = Ha cambiado mientras tanto o no es posible en su estado actual (puede que otra persona ya haya decidido): { $message }. Vuelva a consultarlo.
sv-server = El servidor no responde correctamente: { $message }. Vuelva a intentarlo en un momento.
sv-other = Algo salió mal: { $message }
queue-kind = Mostrar
kind-all = Todos los registros
kind-stock_check = Recuento de existencias
kind-seizure_case = Caso de incautación
kind-other = Registro
oldest-first = Primero los envíos más antiguos
queue-empty = No hay nada pendiente de revisión.
pick-record = Elija un registro de la bandeja para ver sus fotos, códigos e historial.
submitted-by = Enviado por { $author } el
photo-count = { $count ->
    [one] 1 foto
   *[other] { $count } fotos
}
count-line-count = { $count ->
    [one] 1 línea de recuento
   *[other] { $count } líneas de recuento
}
returned-before = { $count ->
    [one] Devuelto una vez anteriormente
   *[other] Devuelto { $count } veces anteriormente
}
last-return-comment = último comentario: { $comment }
page-number = Página { $page }
previous-page = Página anterior
next-page = Página siguiente
back-to-queue = Volver a la bandeja
revision-n = revisión { $revision }
photos-heading = { $count ->
    [one] 1 foto
   *[other] Fotos ({ $count })
}
no-photos = Este registro no tiene fotos.
photo-n = Foto { $number }
loading-photo = Cargando la foto…
photo-uploading = Aún no está en el servidor: el dispositivo todavía la está enviando.
photo-unreadable = No se puede mostrar esta foto: { $reason }
open-original = Abrir el original
original-photo = Foto original
loading-original = Cargando el original…
record-heading = Contenido del registro
stock-check-title = Recuento de existencias
depot = Depósito
locations = Ubicaciones
expected-lines = Líneas previstas
count-lines = Líneas de recuento
codes-heading = { $count ->
    [one] 1 código escaneado
   *[other] Códigos escaneados ({ $count })
}
no-codes = No se escaneó ningún código en este registro.
code-kind-gs1_element_string = GS1
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-iso15434 = ISO/IEC 15434
code-kind-retail_gtin = GTIN
code-kind-nsn = NSN
code-kind-dodic = DODIC
code-kind-tracemark_label = Etiqueta Tracemark
code-kind-plain_text = Texto
code-field-gtin = GTIN
code-field-sscc = SSCC
code-field-lot = Lote
code-field-serial = Número de serie
code-field-production_date = Fecha de fabricación
code-field-expiry_date = Fecha de vencimiento
code-field-date = Fecha
code-field-nsn = NSN
code-field-dodic = DODIC
code-field-cage = Código CAGE
code-field-part_number = Número de pieza
code-field-uii = Identificador único de artículo
code-field-quantity = Cantidad
history-heading = Revisiones y decisiones
no-decisions = Todavía no hay ninguna decisión.
decision-approved = Aprobado
decision-returned = Devuelto
decided-by = por { $reviewer } (revisión { $revision }) el
decision-heading = Su decisión
review-comment = Comentario para el autor
review-comment-help = Obligatorio para devolver el registro: indique qué hay que corregir. Opcional al aprobar.
comment-required = Escriba qué debe corregir el autor antes de devolver el registro.
approve = Aprobar
return-to-author = Devolver al autor
decided-approve = Se aprobó { $title }.
decided-return = Se devolvió { $title } a su autor.
report-by = Filas
report-route-country = País de la ruta
report-value = Valor
report-why = Cada columna es la publicación de un trimestre, calculada una sola vez al cierre del trimestre. Una cifra solo se muestra cuando se basa en al menos { $k } casos de al menos { $p } agencias y, si se retiran los casos de cualquiera de esas agencias, siguen quedando al menos { $k } casos de otras dos agencias; las cifras mostradas se redondean a un múltiplo de 5. Las cifras “ocultas” pueden ser pequeñas o cero: no se puede identificar a ninguna agencia.
report-suppressed = oculta
report-other-values = (otros valores)
report-not-recorded = (sin registrar)
report-empty = Todavía no hay ninguna publicación.
comment-too-long = El comentario es demasiado largo: no supere los 4000 caracteres.
report-nothing-shown = Todas las cifras de estas publicaciones están ocultas: muy pocas agencias compartieron casos de cada tipo.
report-next-release = La publicación de { $period } estará disponible a partir del { $day }.
reconciliation = Conciliación
reconciliation-help = Cantidades previstas frente a contadas en un recuento de existencias de su agencia, por ubicación y lote, con totales; guárdela como CSV.
no-stock-checks = Su agencia todavía no tiene ningún recuento de existencias. Importe un inventario previsto para iniciar uno.
choose-stock-check = Elija un recuento de existencias…
recon-summary = Previsto { $expected } · contado { $counted } · diferencia { $difference }
recon-matched = Coincide
recon-missing = Faltante
recon-surplus = Sobrante
recon-wrong_location = Ubicación incorrecta
recon-unexpected_lot = Lote no previsto
condition-findings = Observaciones sobre el estado
no-findings = Todas las cajas contadas estaban en condiciones de servicio.
difference = Diferencia
expected-at = previsto en { $locations }
location-total = Total de { $location }
recon-empty = No hay nada previsto ni contado en este recuento de existencias.
recon-more-lines = Otras { $count } líneas, todas coincidentes salvo que las diferencias llenen por sí solas la página, están en el CSV.
save-csv-to = Guardar como CSV en
save-csv = Guardar como CSV
saved-to = Guardado en { $path }
save-failed = No se pudo escribir el archivo: { $reason }. Elija otra carpeta.
import-title = Importar un archivo
import-help = El inventario previsto de un depósito (se convierte en un recuento de existencias para sus inspectores) o registros de transferencias, desde CSV o Excel. Se verifica antes de escribir nada.
import-kind = Qué contiene el archivo
import-inventory = Inventario previsto de un depósito
import-transfers = Registros de transferencias
import-file = Archivo (CSV o XLSX)
import-inventory-help = Encabezados de columna: depósito, ubicación, fabricante, calibre, año, lote, sublote, nsn, cantidad (o en inglés: depot, location, manufacturer, calibre, year, lot, sub_lot, nsn, quantity). Un depósito por archivo.
import-transfers-help = Encabezados de columna: certificado_de_usuario_final, exportador, importador, usuario_final, fecha_de_transferencia, luego las columnas del lote y la cantidad (o en inglés: end_user_certificate_ref, exporter, importer, end_user, transferred_on).
import-check-title = Título del recuento de existencias (opcional)
import-assign = Inspectores que harán el recuento (nombres de usuario, separados por comas)
import-assign-required = Indique al menos un inspector que hará este recuento de existencias.
import-choose-file = Primero elija un archivo CSV o XLSX.
import-bad-type = { $name } no es un archivo CSV ni XLSX.
import-too-large = El archivo supera los 20 MB: divídalo en varios archivos.
import-unreadable = No se pudo leer el archivo: { $reason }
import-chosen = { $name } ({ $size } bytes)
import-check = Verificar el archivo
import-run = Importar
import-busy = Procesando…
import-check-first = Primero verifique el archivo: podrá importarse cuando la verificación no encuentre ningún problema.
import-done = { $records ->
    [one] Importación terminada: se escribió 1 registro.
   *[other] Importación terminada: se escribieron { $records } registros.
}
import-clean = No se encontró ningún problema. Todavía no se ha escrito nada: pulse Importar para escribirlo.
import-problems = { $count ->
    [one] 1 problema: corríjalo en el archivo y vuelva a verificarlo. No se escribió nada.
   *[other] { $count } problemas: corríjalos en el archivo y vuelva a verificarlo. No se escribió nada.
}
import-rows = Filas
import-lots = Lotes
import-total-quantity = Cantidad total
import-records = Registros
import-ignored = Columnas ignoradas
import-line = Línea
import-column = Columna
import-rule = Regla
import-problem = Problema
import-not-listed = Hay { $count } problemas más que no se muestran.
kind-count_line = Línea de recuento
kind-transfer = Transferencia
tracing = Rastreo
tracing-help = Busque un lote en inventarios, transferencias e incautaciones; pida a otras agencias acceso a lo que tienen.
trace-lot = Lote
trace-sub-lot = Sublote
trace-manufacturer = Fabricante
trace-calibre = Calibre
trace-year = Año
trace-nsn = NSN
trace-gtin = GTIN
trace-serial = Número de serie
trace-kind = Tipo
trace-run = Rastrear
trace-split = ¿Adónde fue este lote?
trace-need-criterion = Complete al menos uno de estos campos: lote, sublote, fabricante, calibre, año, NSN, GTIN o número de serie.
trace-bad-year = Escriba el año con cuatro cifras, entre 1850 y 2100.
trace-split-needs-lot = Complete el lote para ver adónde fue.
trace-read-as = Búsqueda: { $criteria }
trace-visible = { $count ->
    [one] 1 línea coincidente que usted puede ver
   *[other] { $count } líneas coincidentes que usted puede ver
}
trace-no-visible = No hay ningún registro coincidente que usted pueda ver.
trace-truncated = Solo se muestran las primeras { $limit } líneas: acote la búsqueda.
trace-where = Dónde
trace-reference = Referencia
trace-holders = En poder de otras agencias
trace-holders-help = Estas agencias tienen registros coincidentes que no se han compartido con usted. Pídales acceso; ellas deciden.
trace-holder = { $agency } ({ $country }) tiene un registro coincidente
trace-no-holders = Ninguna otra agencia tiene un registro coincidente que usted no pueda ver.
trace-holders-need-a-lot = Solo se indican otras agencias para un lote concreto: indique un lote con su fabricante o su calibre, un NSN con un lote, o un GTIN con un número de serie o un lote.
split-transfers = { $count ->
    [one] 1 transferencia a un usuario final
   *[other] Transferencias a usuarios finales ({ $count })
}
split-inventories = { $count ->
    [one] 1 línea de inventario que lo contiene
   *[other] Inventarios que lo contienen ({ $count })
}
split-seizures = { $count ->
    [one] 1 incautación de este lote
   *[other] Incautaciones de este lote ({ $count })
}
split-none = Ninguno que usted pueda ver.
access-request = Solicitar acceso
access-reason = Por qué necesita estos registros (la otra agencia leerá esto)
access-reason-required = Indique por qué necesita los registros.
access-send = Enviar la solicitud
access-sent = Solicitud enviada a { $agency }. Su respuesta aparecerá en Solicitudes de acceso, Enviadas.
access-requests = Solicitudes de acceso
access-requests-help = Solicitudes de otras agencias para ver sus registros, y las respuestas a las suyas.
access-incoming = Recibidas
access-outgoing = Enviadas
access-none-incoming = Ninguna agencia ha solicitado acceso a sus registros.
access-none-outgoing = Su agencia todavía no ha solicitado acceso.
access-from = De { $agency }
access-to = Para { $agency }
access-sent-on = Enviada el
access-criteria = Registros que coinciden con: { $criteria }
access-comment = Respuesta: { $comment }
access-granted-records = { $count ->
    [one] 1 registro concedido
   *[other] { $count } registros concedidos
}
access-until = hasta el
access-status-pending = En espera
access-status-granted = Concedida
access-status-refused = Rechazada
access-review = Examinar esta solicitud
access-matching = { $count ->
    [one] 1 de sus registros coincide
   *[other] { $count } de sus registros coinciden
}
access-no-matching = Ahora ninguno de sus registros coincide: solo puede rechazar la solicitud.
access-matching-truncated = Hay más registros coincidentes que los que se muestran aquí.
access-grant-all = Conceder todos los registros coincidentes
access-grant-some = Conceder solo los registros marcados
access-choose-records = Marque al menos un registro, o conceda todos los registros coincidentes.
access-days = Días que dura el acceso (de 1 a 365)
access-bad-days = El acceso dura de 1 a 365 días.
access-note = Nota para la agencia solicitante (opcional)
access-grant = Conceder
access-refuse = Rechazar
import-scope = Quién puede ver los registros
open-reconciliation = Abrir su conciliación

# Words the field app shares with the console (shared::view)
scope-partners = Organismos asociados indicados
status-assigned = asignado
status-in_progress = en curso
exporter = Exportador
importer = Importador
end-user = Usuario final
end-user-certificate = Certificado de usuario final
transferred-on = Transferido el
code-field-additional_id = Identificación adicional del producto
code-field-order_number = Número de pedido
code-field-country_of_origin = País de origen
import-partners-required = Indique al menos una agencia asociada con la que compartir.
status-recorded = Registrado
mixing-forbidden = Los grupos de compatibilidad { $first } y { $second } no deben almacenarse juntos aquí.
mixing-conditional = Los grupos de compatibilidad { $first } y { $second } solo pueden compartir esta ubicación en las condiciones de la autoridad nacional.
hazard-classification = Clasificación de peligro ONU
hazard-invalid = La clasificación de peligro es una división y un grupo de compatibilidad, p. ej. 1.1D o 1.4S.
mixed-storage = Almacenamiento mixto
mixed-storage-hint = Ubicaciones con grupos de compatibilidad que la tabla de mezcla de almacenamiento (IATG 01.50) mantiene separados.
split-breach = Una transferencia de este lote se hizo con una cláusula de no retransferencia: su incautación fuera de manos del usuario final puede ser un desvío contrario al certificado de usuario final.
terms-no-retransfer = sin retransferencia
terms-retransfer-allowed = sin cláusula de no retransferencia
terms-unknown = cláusula de no retransferencia no registrada
terms-dvc = entrega verificada ({ $reference })
party-identifier = Identificador (número OMI, matrícula de aeronave, número de empresa)

# Alijos recuperados (munición hallada, abandonada, sin despejar o entregada)
kind-recovered_cache = Alijo recuperado
recovered-on = Fecha de recuperación
recovery-circumstance = Cómo se halló
recovered-by = Recuperado por (unidad, equipo o agente)
recovered-condition = Estado al hallarlo
recovery-action = Medida tomada
action-on = Fecha de la medida
moved-to = Trasladado a
action-note = Cómo se hizo
circumstance-found = Hallado oculto
circumstance-abandoned = Abandonado
circumstance-uncleared = Sin despejar tras los combates
circumstance-handed_in = Entregado
cache-condition-intact = Intacto
cache-condition-deteriorated = Deteriorado, transportable
cache-condition-unsafe = Peligroso de mover
cache-action-secured = Asegurado en el lugar
cache-action-moved = Trasladado a un depósito
cache-action-destroyed = Destruido
new-recovery = Nuevo alijo recuperado
recovered-cache = Alijo recuperado
recovery = Recuperación
recovered-items = Munición recuperada
access-by-party = Registros que mencionan: { $party }
party-search-title = Partes en distintos casos
party-search-hint = Dónde más aparece un intermediario, transportista, buque o aeronave, un lugar de la ruta o un método de ocultación: en detalle donde puede verlo, y los organismos que tienen más.
party-search-name = Nombre
party-search-identifier = Identificador (OMI, matrícula)
party-search-place = Lugar o punto de despacho
party-search-concealment = Ocultación (palabras)
party-search-run = Buscar
party-search-no-holders-searched = Las palabras de ocultación por sí solas no nombran a los organismos que tienen más.
