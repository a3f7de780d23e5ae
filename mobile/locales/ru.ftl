app-title = Tracemark
sign-in-title = Вход на сервер вашего ведомства
server-url = Адрес сервера
username = Имя пользователя
password = Пароль
device-name = Название этого устройства
sign-in = Войти
signing-in = Выполняется вход…
sign-out = Выйти
sync-now = Синхронизировать
syncing = Синхронизация…
last-sync = Последняя синхронизация: { $when }
never-synced = Синхронизации ещё не было
records-waiting = { $count ->
    [one] { $count } запись ожидает отправки
    [few] { $count } записи ожидают отправки
    [many] { $count } записей ожидают отправки
   *[other] { $count } записи ожидают отправки
}
photos-waiting = { $count ->
    [one] { $count } фотография ожидает отправки
    [few] { $count } фотографии ожидают отправки
    [many] { $count } фотографий ожидают отправки
   *[other] { $count } фотографии ожидают отправки
}
all-sent = Всё отправлено
home-title = Ваши задачи
stock-checks = Проверки наличия
seizure-cases = Изъятия и обнаруженные тайники
new-case = Новое дело об изъятии
no-assignments = Вам пока не назначено ни одной проверки наличия. Выполните синхронизацию при подключении к сети, чтобы их получить.
no-cases = На этом устройстве пока нет изъятий и обнаруженных тайников.
language = Язык
progress = Подсчитано { $counted } из { $expected }
lines-left = { $count ->
    [one] Осталась { $count } строка
    [few] Осталось { $count } строки
    [many] Осталось { $count } строк
   *[other] Осталось { $count } строки
}
location = Место хранения
expected = По учёту
counted = Подсчитано
lot = Партия
calibre = Калибр
manufacturer = Изготовитель
year = Год
quantity = Количество
condition = Состояние
unexpected-lot = Партии нет в списке
save-count = Сохранить результат подсчёта
saved = Сохранено на этом устройстве
submit-check = Отправить результаты проверки
back = Назад
case-reference = Регистрационный номер
seized-on = Дата изъятия
place = Место
mode-of-shipping = Способ перевозки
concealment = Способ сокрытия
route-origin = Начальный пункт
route-destination = Пункт назначения
seized-items = Изъятые позиции
add-photo = Добавить фото этикеток, трафаретной маркировки и клейм на донцах гильз
codes-found = { $count ->
    [one] Найден { $count } код
    [few] Найдено { $count } кода
    [many] Найдено { $count } кодов
   *[other] Найдено { $count } кода
}
no-code-found = На этой фотографии код не найден: введите текст маркировки вручную.
from-source = по данным { $source }
from-invalid-code = по данным { $source } из кода, недействительного в целом: проверьте
conflict = Коды расходятся в поле «{ $field }»: { $values }. Проверьте маркировку и выберите значение.
save-draft = Сохранить черновик
submit-review = Отправить на рассмотрение
returned-comment = Возвращено руководителем: { $comment }
status-draft = Черновик
status-submitted = Отправлено
status-approved = Утверждено
status-returned = Возвращено
field-required = Поле «{ $field }» обязательно для заполнения
photo-error = Не удалось прочитать эту фотографию: { $reason }
mode-air = Воздушный
mode-sea = Морской
mode-road = Автомобильный
mode-rail = Железнодорожный
mode-postal = Почтовый
mode-courier = Курьерский
mode-on_foot = Пешком
mode-other = Другой
latitude = Широта
longitude = Долгота
use-gps = Использовать моё местоположение
locating = Определение местоположения…
gps-set = Координаты получены по GPS (точность { $metres } m)
gps-set-plain = Координаты получены по GPS
gps-failed = Местоположение не определено: { $reason }. Вы можете ввести координаты вручную.
route = Маршрут
route-transit = Пункты транзита
route-transit-hint = По одному на строку или через запятую
point-of-dispatch = Пункт отправки
parties = Участники
add-party = Добавить участника
party-name = Имя или наименование
party-role = Роль
country = Страна
note = Примечание
remove = Удалить
role-consignor = Отправитель
role-consignee = Получатель
role-broker = Посредник
role-carrier = Перевозчик
role-freight_forwarder = Экспедитор
role-end_user = Конечный пользователь
role-other = Иное
add-item = Добавить ещё позицию
remove-item = Удалить эту позицию
sub-lot = Подпартия
unit = Единица счёта
ammunition-type = Тип боеприпаса
ammunition-type-from-marks = По маркировке: { $type }
ammunition-type-from-marks-short = (по маркировке)
ammunition-type-unknown = Неизвестно
ammo-small_calibre = Стрелковые боеприпасы
ammo-grenade = Граната
ammo-mortar = Миномётная мина
ammo-artillery = Артиллерийский или танковый выстрел
ammo-rocket = Реактивный снаряд
ammo-manpads = ПЗРК
ammo-atgw = ПТУР
ammo-mine = Инженерная мина
ammo-demolition = Подрывной заряд или ВВ
ammo-fuze_component = Взрыватель или комплектующее
ammo-other = Другое
unit-rounds = Патроны
unit-boxes = Коробки
unit-crates = Ящики
unit-pieces = Штуки
victims = Пострадавшие (необязательно)
victims-help = Только если дело связано с применением насилия. Если число неизвестно, оставьте поле пустым.
add-victims = Добавить сведения о пострадавших
sex = Пол
age-band = Возраст
sex-female = Женский
sex-male = Мужской
sex-unknown = Неизвестно
age-child = 0–17
age-adult = 18–59
age-older = 60 и старше
age-unknown = Неизвестно
killed = Погибшие
injured = Раненые
sharing = Кто может видеть это дело
scope-national = Все ведомства моей страны
scope-own_agency = Только моё ведомство
fix-before-saving = Исправьте, пожалуйста, эти поля:
photo = Фотография
photo-error-plain = Не удалось прочитать эту фотографию.
take-photo = Сфотографировать
from-gallery = Выбрать из галереи
drop-photos = Или перетащите фотографии сюда.
assignment-unreadable = Не удалось прочитать эту проверку наличия. Выполните синхронизацию ещё раз или попросите руководителя отправить её повторно.
go-to-location = Перейти к месту хранения
all-locations = Все места хранения
scan-location = Сканировать этикетку места хранения
scan-box = Сканировать этикетку коробки
reading-photo = Чтение фотографии…
no-location-label = На этой фотографии нет этикетки места хранения. Поднесите камеру ближе или выберите место хранения из списка.
label-other-depot = Эта этикетка относится к складу { $depot }, а не { $expected }.
label-not-in-check = Место хранения { $location } не входит в эту проверку наличия.
box-matches = Коробка партии { $lot }: её строка отмечена ниже.
box-not-expected = Партия { $lot } здесь по учёту не числится: проверьте её и добавьте ниже.
box-no-lot = Считано кодов: { $count }, но ни в одном нет номера партии: введите его с этикетки.
not-saved-yet = Введено, но ещё не сохранено
quantity-whole-number = Введите подсчитанное количество целым числом.
nsn-invalid = NSN должен содержать 13 цифр, например 1305-01-234-5678.
cancel = Отмена
conflicts-title = Изменено на сервере
conflicts-help = Эти записи были изменены на сервере после того, как вы их отправили. Сравните и оставьте версию сервера или примените своё изменение поверх неё.
field = Поле
yours = Ваша версия
servers = На сервере
keep-server = Оставить версию сервера
apply-mine = Применить моё изменение поверх
seizure-case = Дело об изъятии
photos-kept = { $count ->
    [one] { $count } фотография прикреплена к этой позиции
    [few] { $count } фотографии прикреплены к этой позиции
    [many] { $count } фотографий прикреплено к этой позиции
   *[other] { $count } фотографии прикреплено к этой позиции
}
# Supervisor screens
open = Открыть
back-home = На главную
try-again = Повторить
sign-in-again = Войти снова
loading = Загрузка…
refresh = Обновить
close = Закрыть
sending = Отправка…
total = Итого
status = Статус
author = Автор
device = Устройство
when = Дата и время
agency = Ведомство
priority-manpads = Первоочередное: ПЗРК
priority-atgw = Первоочередное: ПТУР
review-queue = Очередь на рассмотрение
review-queue-help = Отправленные проверки наличия и дела об изъятии вашего ведомства, начиная с самых ранних: утвердите их или верните на доработку с комментарием.
reports = Отчёты о тенденциях
reports-help = Изъятия по данным ведомств, которые их предоставили, — по калибру, изготовителю, году, маршруту или способу сокрытия, в ежеквартальных выпусках. Малые значения не показываются.
sv-offline = Нет связи с сервером. Для этого экрана нужна сеть: проверьте подключение и повторите попытку.
sv-signed-out = Ваш сеанс завершён. Войдите снова, чтобы продолжить.
sv-forbidden = Вашей учётной записи это действие не разрешено. Если оно вам нужно, обратитесь к администратору.
sv-not-found = Не найдено или не предоставлено вашему ведомству.
sv-invalid = Сервер отклонил запрос: { $message }
sv-conflict = Тем временем что-то изменилось или это невозможно в текущем состоянии (возможно, кто-то уже принял решение): { $message }. Посмотрите ещё раз.
sv-server = Сервер отвечает неправильно: { $message }. Повторите попытку чуть позже.
sv-other = Что-то пошло не так: { $message }
queue-kind = Показать
kind-all = Все записи
kind-stock_check = Проверка наличия
kind-seizure_case = Дело об изъятии
kind-other = Запись
oldest-first = Сначала самые ранние
queue-empty = Нет записей, ожидающих рассмотрения.
pick-record = Выберите запись в очереди, чтобы увидеть её фотографии, коды и историю.
submitted-by = Отправлено: { $author },
photo-count = { $count ->
    [one] { $count } фотография
    [few] { $count } фотографии
    [many] { $count } фотографий
   *[other] { $count } фотографии
}
count-line-count = { $count ->
    [one] { $count } строка подсчёта
    [few] { $count } строки подсчёта
    [many] { $count } строк подсчёта
   *[other] { $count } строки подсчёта
}
returned-before = { $count ->
    [one] Ранее возвращено на доработку { $count } раз
    [few] Ранее возвращено на доработку { $count } раза
    [many] Ранее возвращено на доработку { $count } раз
   *[other] Ранее возвращено на доработку { $count } раза
}
last-return-comment = последний комментарий: { $comment }
page-number = Страница { $page }
previous-page = Предыдущая страница
next-page = Следующая страница
back-to-queue = Назад к очереди
revision-n = версия { $revision }
photos-heading = { $count ->
    [one] { $count } фотография
    [few] Фотографии ({ $count })
    [many] Фотографии ({ $count })
   *[other] Фотографии ({ $count })
}
no-photos = К этой записи нет фотографий.
photo-n = Фотография { $number }
loading-photo = Загрузка фотографии…
photo-uploading = Ещё не на сервере: устройство пока её отправляет.
photo-unreadable = Эту фотографию невозможно показать: { $reason }
open-original = Открыть оригинал
original-photo = Исходная фотография
loading-original = Загрузка оригинала…
record-heading = Содержание записи
stock-check-title = Проверка наличия
depot = Склад
locations = Места хранения
expected-lines = Строки по учёту
count-lines = Строки подсчёта
codes-heading = { $count ->
    [one] Считан { $count } код
    [few] Считанные коды ({ $count })
    [many] Считанные коды ({ $count })
   *[other] Считанные коды ({ $count })
}
no-codes = В этой записи нет считанных кодов.
code-kind-gs1_element_string = GS1
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-iso15434 = ISO/IEC 15434
code-kind-retail_gtin = GTIN
code-kind-nsn = NSN
code-kind-dodic = DODIC
code-kind-tracemark_label = Этикетка Tracemark
code-kind-plain_text = Текст
code-field-gtin = GTIN
code-field-sscc = SSCC
code-field-lot = Партия
code-field-serial = Серийный номер
code-field-production_date = Дата изготовления
code-field-expiry_date = Срок годности
code-field-date = Дата
code-field-nsn = NSN
code-field-dodic = DODIC
code-field-cage = Код CAGE
code-field-part_number = Номер изделия
code-field-uii = Уникальный идентификатор изделия
code-field-quantity = Количество
history-heading = Версии и решения
no-decisions = Решений пока нет.
decision-approved = Утверждено
decision-returned = Возвращено
decided-by = { $reviewer } (версия { $revision }),
decision-heading = Ваше решение
review-comment = Комментарий для автора
review-comment-help = Обязателен при возврате записи: укажите, что нужно исправить. При утверждении — по желанию.
comment-required = Прежде чем вернуть запись, укажите, что автору нужно исправить.
approve = Утвердить
return-to-author = Вернуть автору
decided-approve = Запись «{ $title }» утверждена.
decided-return = Запись «{ $title }» возвращена автору.
report-by = Строки
report-route-country = Страна маршрута
report-value = Значение
report-why = Каждый столбец — квартальный выпуск, рассчитанный один раз при закрытии квартала. Число показывается, только если оно основано на делах нескольких ведомств (ведомств — не менее { $p }, дел — не менее { $k }) и если после исключения дел любого одного ведомства у двух других ведомств остаётся дел не менее { $k }; показанные числа округлены до кратного 5. «Скрытые» числа могут быть малыми или нулевыми: ни одно ведомство по ним установить невозможно.
report-suppressed = скрыто
report-other-values = (другие значения)
report-not-recorded = (не указано)
report-empty = Выпусков пока нет.
comment-too-long = Комментарий слишком длинный: не более 4000 символов.
report-nothing-shown = Все числа этих выпусков скрыты: слишком мало ведомств предоставили дела каждого вида.
report-next-release = Выпуск за { $period } публикуется с { $day }.
reconciliation = Сверка
reconciliation-help = Сравнение количеств по учёту и подсчитанных по проверке наличия вашего ведомства — по местам хранения и партиям, с итогами; результат можно сохранить в CSV.
no-stock-checks = У вашего ведомства пока нет проверок наличия. Импортируйте учётные остатки склада, чтобы начать проверку.
choose-stock-check = Выберите проверку наличия…
recon-summary = По учёту { $expected } · подсчитано { $counted } · расхождение { $difference }
recon-matched = Совпадает
recon-missing = Недостача
recon-surplus = Излишек
recon-wrong_location = Не то место хранения
recon-unexpected_lot = Неучтённая партия
condition-findings = Замечания по состоянию
no-findings = Все подсчитанные коробки были в исправном состоянии.
difference = Расхождение
expected-at = по учёту: { $locations }
location-total = Итого: { $location }
recon-empty = В этой проверке наличия нет ни учётных, ни подсчитанных позиций.
recon-more-lines = Ещё { $count } строк (все совпадающие, если только расхождения сами не заполнили страницу) есть в CSV.
save-csv-to = Сохранить в CSV в папку
save-csv = Сохранить в CSV
saved-to = Сохранено: { $path }
save-failed = Не удалось записать файл: { $reason }. Выберите другую папку.
import-title = Импорт файла
import-help = Учётные остатки склада (из них создаётся проверка наличия для ваших инспекторов) или записи о передачах из файла CSV или Excel. Файл проверяется до сохранения данных.
import-kind = Содержимое файла
import-inventory = Учётные остатки склада
import-transfers = Записи о передачах
import-file = Файл (CSV или XLSX)
import-inventory-help = Заголовки столбцов: склад, место_хранения, изготовитель, калибр, год, партия, подпартия, nsn, количество (или по-английски: depot, location, manufacturer, calibre, year, lot, sub_lot, nsn, quantity). Один склад на файл.
import-transfers-help = Заголовки столбцов: сертификат_конечного_пользователя, экспортёр, импортёр, конечный_пользователь, дата_передачи, затем столбцы партии и количество (или по-английски: end_user_certificate_ref, exporter, importer, end_user, transferred_on).
import-check-title = Название проверки наличия (необязательно)
import-assign = Инспекторы, проводящие подсчёт (имена пользователей через запятую)
import-assign-required = Укажите хотя бы одного инспектора, который будет проводить эту проверку наличия.
import-choose-file = Сначала выберите файл CSV или XLSX.
import-bad-type = { $name } — не файл CSV или XLSX.
import-too-large = Файл больше 20 MB: разделите его на несколько файлов.
import-unreadable = Не удалось прочитать файл: { $reason }
import-chosen = { $name } ({ $size } байт)
import-check = Проверить файл
import-run = Импортировать
import-busy = Выполняется…
import-check-first = Сначала проверьте файл: импортировать его можно, когда проверка не найдёт ошибок.
import-done = { $records ->
    [one] Импорт выполнен: сохранена { $records } запись.
    [few] Импорт выполнен: сохранены { $records } записи.
    [many] Импорт выполнен: сохранено { $records } записей.
   *[other] Импорт выполнен: сохранено { $records } записи.
}
import-clean = Ошибок не найдено. Пока ничего не сохранено: нажмите «Импортировать», чтобы сохранить данные.
import-problems = { $count ->
    [one] Найдена { $count } ошибка: исправьте её в файле и проверьте его снова. Ничего не сохранено.
    [few] Найдено { $count } ошибки: исправьте их в файле и проверьте его снова. Ничего не сохранено.
    [many] Найдено { $count } ошибок: исправьте их в файле и проверьте его снова. Ничего не сохранено.
   *[other] Найдено { $count } ошибки: исправьте их в файле и проверьте его снова. Ничего не сохранено.
}
import-rows = Строки
import-lots = Партии
import-total-quantity = Общее количество
import-records = Записи
import-ignored = Пропущенные столбцы
import-line = Строка
import-column = Столбец
import-rule = Правило
import-problem = Ошибка
import-not-listed = Ещё ошибок, не показанных в списке: { $count }.
kind-count_line = Строка подсчёта
kind-transfer = Передача
tracing = Отслеживание
tracing-help = Поиск партии по учётным остаткам, передачам и изъятиям; запрос доступа к сведениям других ведомств.
trace-lot = Партия
trace-sub-lot = Подпартия
trace-manufacturer = Изготовитель
trace-calibre = Калибр
trace-year = Год
trace-nsn = NSN
trace-gtin = GTIN
trace-serial = Серийный номер
trace-kind = Вид
trace-run = Отследить
trace-split = Куда ушла эта партия?
trace-need-criterion = Заполните хотя бы одно поле: партия, подпартия, изготовитель, калибр, год, NSN, GTIN или серийный номер.
trace-bad-year = Укажите год четырьмя цифрами, от 1850 до 2100.
trace-split-needs-lot = Укажите партию, чтобы увидеть, куда она ушла.
trace-read-as = Условия поиска: { $criteria }
trace-visible = { $count ->
    [one] Вам доступна { $count } подходящая строка
    [few] Вам доступны { $count } подходящие строки
    [many] Вам доступно { $count } подходящих строк
   *[other] Вам доступно { $count } подходящей строки
}
trace-no-visible = Нет подходящих записей, доступных вам.
trace-truncated = Показаны не все строки, а только первые { $limit }: уточните условия поиска.
trace-where = Где
trace-reference = Номер
trace-holders = Есть у других ведомств
trace-holders-help = У этих ведомств есть подходящие записи, к которым у вас нет доступа. Запросите у них доступ — решение принимают они.
trace-holder = У ведомства { $agency } ({ $country }) есть подходящая запись
trace-no-holders = Ни у одного другого ведомства нет скрытых от вас подходящих записей.
trace-holders-need-a-lot = Другие ведомства называются только при поиске одной конкретной партии: укажите партию вместе с изготовителем или калибром, NSN вместе с партией или GTIN вместе с серийным номером или партией.
split-transfers = { $count ->
    [one] { $count } передача конечному пользователю
    [few] Передачи конечным пользователям ({ $count })
    [many] Передачи конечным пользователям ({ $count })
   *[other] Передачи конечным пользователям ({ $count })
}
split-inventories = { $count ->
    [one] { $count } строка учётных остатков с этой партией
    [few] Учётные остатки с этой партией ({ $count })
    [many] Учётные остатки с этой партией ({ $count })
   *[other] Учётные остатки с этой партией ({ $count })
}
split-seizures = { $count ->
    [one] { $count } изъятие этой партии
    [few] Изъятия этой партии ({ $count })
    [many] Изъятия этой партии ({ $count })
   *[other] Изъятия этой партии ({ $count })
}
split-none = Доступных вам записей нет.
access-request = Запросить доступ
access-reason = Для чего вам нужны эти записи (текст увидит другое ведомство)
access-reason-required = Укажите, для чего вам нужны записи.
access-send = Отправить запрос
access-sent = Запрос отправлен ведомству { $agency }. Ответ появится в разделе «Запросы доступа», вкладка «Отправленные».
access-requests = Запросы доступа
access-requests-help = Запросы других ведомств на просмотр ваших записей и ответы на ваши запросы.
access-incoming = Полученные
access-outgoing = Отправленные
access-none-incoming = Ни одно ведомство не запрашивало доступ к вашим записям.
access-none-outgoing = Ваше ведомство ещё не запрашивало доступ.
access-from = От: { $agency }
access-to = Кому: { $agency }
access-sent-on = Отправлен
access-criteria = Записи, соответствующие условиям: { $criteria }
access-comment = Ответ: { $comment }
access-granted-records = { $count ->
    [one] Предоставлен доступ к { $count } записи
    [few] Предоставлен доступ к { $count } записям
    [many] Предоставлен доступ к { $count } записям
   *[other] Предоставлен доступ к { $count } записи
}
access-until = до
access-status-pending = Ожидает ответа
access-status-granted = Одобрен
access-status-refused = Отклонён
access-review = Рассмотреть запрос
access-matching = { $count ->
    [one] Подходит { $count } ваша запись
    [few] Подходят { $count } ваши записи
    [many] Подходят { $count } ваших записей
   *[other] Подходит { $count } вашей записи
}
access-no-matching = Сейчас ни одна из ваших записей не подходит: запрос можно только отклонить.
access-matching-truncated = Подходящих записей больше, чем показано здесь.
access-grant-all = Предоставить все подходящие записи
access-grant-some = Предоставить только отмеченные записи
access-choose-records = Отметьте хотя бы одну запись или предоставьте все подходящие.
access-days = Срок доступа в днях (от 1 до 365)
access-bad-days = Срок доступа — от 1 до 365 дней.
access-note = Примечание для запрашивающего ведомства (необязательно)
access-grant = Предоставить
access-refuse = Отклонить
import-scope = Кто может видеть записи
open-reconciliation = Открыть сверку по ней

# Words the field app shares with the console (shared::view)
scope-partners = Названные ведомства-партнёры
status-assigned = назначено
status-in_progress = в работе
exporter = Экспортёр
importer = Импортёр
end-user = Конечный пользователь
end-user-certificate = Сертификат конечного пользователя
transferred-on = Дата передачи
code-field-additional_id = Дополнительный идентификатор изделия
code-field-order_number = Номер заказа
code-field-country_of_origin = Страна происхождения
import-partners-required = Укажите хотя бы одно ведомство-партнёра для совместного доступа.
status-recorded = Записано
mixing-forbidden = Группы совместимости { $first } и { $second } нельзя хранить здесь вместе.
mixing-conditional = Группы совместимости { $first } и { $second } могут храниться здесь вместе только на условиях национального органа.
hazard-classification = Классификация опасности ООН
hazard-invalid = Классификация опасности — это подкласс и группа совместимости, например 1.1D или 1.4S.
mixed-storage = Совместное хранение
mixed-storage-hint = Места хранения с группами совместимости, которые таблица совместного хранения (IATG 01.50) требует хранить раздельно.
split-breach = Эта партия передавалась с запретом реэкспорта: её изъятие вне рук конечного пользователя может означать утечку в нарушение сертификата конечного пользователя.
terms-no-retransfer = реэкспорт запрещён
terms-retransfer-allowed = без запрета реэкспорта
terms-unknown = запрет реэкспорта не записан
terms-dvc = доставка подтверждена ({ $reference })
party-identifier = Идентификатор (номер ИМО, регистрация воздушного судна, номер компании)

# Обнаруженные тайники (найденные, брошенные, неразминированные или сданные боеприпасы)
kind-recovered_cache = Обнаруженный тайник
recovered-on = Дата обнаружения
recovery-circumstance = Как обнаружен
recovered-by = Кто изъял (подразделение, группа или сотрудник)
recovered-condition = Состояние при обнаружении
recovery-action = Принятые меры
action-on = Дата принятия мер
moved-to = Куда перемещён
action-note = Как выполнено
circumstance-found = Найден спрятанным
circumstance-abandoned = Брошен
circumstance-uncleared = Оставлен неразминированным после боёв
circumstance-handed_in = Сдан добровольно
cache-condition-intact = Исправен
cache-condition-deteriorated = Повреждён, перемещать можно
cache-condition-unsafe = Перемещать опасно
cache-action-secured = Охраняется на месте
cache-action-moved = Перемещён на склад
cache-action-destroyed = Уничтожен
new-recovery = Новый обнаруженный тайник
recovered-cache = Обнаруженный тайник
recovery = Обнаружение
recovered-items = Обнаруженные боеприпасы
access-by-party = Записи, где упоминается: { $party }
party-search-title = Участники в разных делах
party-search-hint = Где ещё встречается посредник, перевозчик, судно или самолёт, место маршрута или способ сокрытия: подробно там, где вам доступно, и ведомства, у которых есть ещё.
party-search-name = Наименование
party-search-identifier = Идентификатор (ИМО, бортовой номер)
party-search-place = Место или пункт отправки
party-search-concealment = Сокрытие (слова)
party-search-run = Искать
party-search-no-holders-searched = По одним словам о сокрытии ведомства, у которых есть ещё, не называются.
