# Сообщения консоли (русский).
nav-records = Записи
nav-review = Проверка
nav-users = Пользователи
nav-devices = Устройства
nav-audit = Журнал аудита
nav-menu = Консоль
sign-out = Выйти
language = Язык
role-inspector = Инспектор
role-customs-officer = Таможенник
role-supervisor = Руководитель
role-administrator = Администратор
kind-stock_check = Инвентаризация
kind-count_line = Строка подсчёта
kind-seizure_case = Изъятие
kind-transfer = Передача
status-draft = черновик
status-submitted = отправлено
status-returned = возвращено
status-approved = утверждено
status-assigned = назначено
status-in_progress = в работе
back-to-console = Вернуться в консоль
error-title = Что-то пошло не так
error-csrf = Эта форма устарела или пришла не из этой консоли. Вернитесь назад, обновите страницу и попробуйте снова.
error-internal = На сервере что-то пошло не так. Попробуйте снова; если это повторяется, сообщите администратору.
signin-title = Вход в Tracemark
signin-signed-out = Вы вышли из системы.
signin-expired = Ваш сеанс завершён. Войдите снова.
signin-username = Имя пользователя
signin-password = Пароль
signin-button = Войти
signin-hint = Инспекторы и таможенники считают запасы и оформляют изъятия в полевом приложении Tracemark; здесь они видят, что отправили, и ход проверки.
signin-wrong = Неверное имя пользователя или пароль.
signin-busy = Слишком много входов одновременно. Попробуйте через минуту.
signin-wait = Слишком много попыток. Попробуйте снова через { $seconds } с.
records-title = Записи
records-field-notice = Подсчёт запасов и оформление изъятий выполняются в полевом приложении Tracemark. Здесь вы видите, что отправили, и как идёт проверка.
filter-kind = Вид
filter-status = Состояние
filter-any = Любое
filter-reference = Номер
filter-from = Изменено с
filter-to = по
filter-mine = Только мои
filter-button = Отобрать
records-none = Нет записей, подходящих под эти условия.
col-kind = Вид
col-reference = Номер
col-agency = Ведомство
col-status = Состояние
col-changed = Изменено
records-older = Более ранние записи →
record-title = Запись
record-status = Состояние
record-revision = Редакция
record-changed = Изменено
record-photos = Фотографии
record-fields = Поля
record-history = История
record-revision-line = Редакция { $revision } · { $status } · { $author } · { $at }
record-decisions = Решения
decision-approved = Утверждено
decision-returned = Возвращено
decision-by = { $reviewer } · { $at }
more-not-shown = ещё { $count } не показано
value-yes = да
value-no = нет
review-title = Проверка
review-saved = Решение сохранено: { $status }.
review-empty = Ничего не ждёт проверки.
review-submitted = Отправил(а) { $author }, { $at } · редакция { $revision }
review-count-lines = { $count ->
    [one] { $count } строка подсчёта
    [few] { $count } строки подсчёта
   *[many] { $count } строк подсчёта
}
review-priority-manpads = Первоочередное расследование: ПЗРК
review-priority-atgw = Первоочередное расследование: ПТУР
review-returned-before = { $count ->
    [one] уже возвращалось { $count } раз
    [few] уже возвращалось { $count } раза
   *[many] уже возвращалось { $count } раз
}
review-last-comment = Последний возврат с замечанием:
review-photo-missing = Фото ещё не загружено
review-code = Распознанный код
review-code-fields = Поля
review-comment = Замечание (обязательно при возврате)
review-approve = Утвердить
review-return = Вернуть автору
review-next = Далее →
users-title = Пользователи вашего ведомства
users-username = Имя пользователя
users-name = Имя
users-role = Роль
users-state = Состояние
users-active = активен
users-disabled = отключён
users-new-password = Новый пароль
users-new-password-for = Новый пароль для { $username }
users-set = Задать
users-new = Новый пользователь
users-create = Создать
users-created = Пользователь создан.
users-password-set = Пароль задан; все входы пользователя завершены.
devices-title = Устройства вашего ведомства
devices-none = Ни одно устройство ещё не зарегистрировано.
devices-device = Устройство
devices-platform = Платформа
devices-user = Пользователь
devices-enrolled = Зарегистрировано
devices-revoked-on = отозвано { $day }
devices-revoke = Отозвать { $name }
devices-revoked = Устройство отозвано; его вход больше не действует.
audit-title = Журнал аудита вашего ведомства
audit-hint = Каждый вход, чтение данных дел, изменение и решение пользователей вашего ведомства. Вершина всей цепочки:
audit-hint-keep = передайте её тому, кто хранит копию, чтобы последующая проверка доказала, что ничего не вырезано.
audit-check = Проверить всю цепочку сейчас
audit-user = Пользователь
audit-action = Действие
audit-action-example = напр. read_record
audit-from = С
audit-to = По
audit-none = Нет подходящих записей.
audit-when = Когда
audit-subject = Объект
audit-detail = Подробности
audit-older = Более ранние записи →
audit-check-title = Проверка цепочки аудита
audit-whole = Цепочка цела: записей — { $entries }, подписанных контрольных точек — { $checkpoints }, все подписи верны.
audit-broken = Цепочка нарушена. Сохраните базу данных как есть и сообщите тем, кто хранит записанные вершины.
audit-first-broken = Первая нарушенная запись: { $seq } — { $reason }
audit-back = Вернуться к журналу аудита
recon-title = Сверка
recon-download = Скачать в CSV
labels-download = Листы этикеток (PDF)
recon-totals = Итоги
recon-location = Место хранения
recon-expected = Ожидалось
recon-counted = Подсчитано
recon-difference = Разница
recon-matched = Совпадает
recon-missing = Недостача
recon-surplus = Излишек
recon-unexpected = Неожиданная партия
recon-wrong-location = Не на своём месте
recon-findings = Замечания о состоянии
recon-mixed = Совместное хранение
recon-mixed-hint = Места хранения с группами совместимости, которые таблица совместного хранения (IATG 01.50) требует хранить раздельно.
recon-groups = Группы
mixing-forbidden = нельзя хранить вместе
mixing-conditional = только на условиях национального органа
recon-all = Все места хранения
recon-lines = Строки, сначала расхождения
recon-lot = Партия
recon-condition = Состояние
record-reconcile = Сверка этой инвентаризации
nav-trace = Отслеживание
nav-reports = Отчёты
trace-title = Отслеживание
trace-hint = Поиск по указателю партий: инвентаризации, передачи и изъятия, которые может видеть ваше ведомство, показаны подробно. Если условия указывают одну партию (партия с изготовителем или калибром, NSN с партией, GTIN с серийным номером или партией), называются ведомства, у которых есть ещё записи, но не сами записи.
trace-lot = Партия
trace-manufacturer = Изготовитель или код завода
trace-calibre = Калибр
trace-year = Год
trace-serial = Серийный номер
trace-sub-lot = Подпартия
trace-nsn = NSN
trace-gtin = GTIN
trace-kind = Вид
trace-need-criterion = Заполните хотя бы одно поле: партия, подпартия, изготовитель, калибр, год, NSN, GTIN или серийный номер.
trace-bad-year = Укажите год четырьмя цифрами, от 1850 до 2100.
trace-button = Найти
trace-notices-link = Поиски ваших записей другими ведомствами
access-link = Запросы доступа
trace-visible = { $count ->
    [one] { $count } строка, доступная вам
    [few] { $count } строки, доступные вам
   *[many] { $count } строк, доступных вам
}
trace-none-visible = Нет подходящих строк, доступных вам.
trace-truncated = Показаны только первые { $limit }: уточните условия.
trace-holders = Другие ведомства с подходящими записями
trace-holders-need-a-lot = Другие ведомства ищутся, только если условия указывают одну партию: укажите партию с изготовителем или калибром, NSN с партией или GTIN с серийным номером или партией.
trace-no-holders = Ни у одного другого ведомства нет подходящих записей, недоступных вам.
trace-holders-hint = Запросите доступ у владельца: он решает, какие из своих записей вам показать и на какой срок.
trace-quantity = Количество
trace-where = Где, кому, номер документа
trace-date = Дата
access-reason = Основание
access-ask = Запросить доступ
access-status-pending = ожидает
access-status-granted = предоставлен
access-status-refused = отказано
access-title = Запросы доступа
access-sent = Запрос отправлен; решает владелец.
access-decided = Решение сохранено, запросившая сторона его увидит.
access-incoming = К вашему ведомству
access-outgoing = От вашего ведомства
access-none = Запросов пока нет.
access-from-to = Ведомство
access-criteria = Условия
access-request = Запрос доступа
access-requester = Запросило
access-holder = Владелец
access-comment = Комментарий
access-until = Открыто до
access-granted-records = Открытые записи
access-matching = Ваши подходящие записи
access-days = Срок доступа в днях
access-grant = Открыть доступ ко всем этим записям
access-refuse = Отказать
access-back = Вернуться к запросам доступа
notices-title = Поиски ваших записей
notices-hint = Каждый поиск другого ведомства, нашедший ваши записи: кто, когда и по каким условиям.
notices-none = Другие ведомства ещё не искали ваши записи.
reports-title = Тенденции изъятий
reports-by-calibre = По калибру
reports-by-manufacturer = По изготовителю
reports-by-year = По году выпуска
reports-by-route = По стране маршрута
reports-by-concealment = По способу сокрытия
ammunition-type = Тип боеприпаса
ammunition-type-from-marks-short = (по маркировке)
reports-by-ammunition-type = По типу боеприпасов
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
reports-rule = Каждое число — количество дел об изъятии; оно показывается, только если основано не менее чем на { $records } делах не менее чем { $agencies } ведомств и никто из читателей не может выделить дело одного поставщика, и округляется до числа, кратного 5.
reports-next = Выпуск за { $period } публикуется с { $from }. Опубликованные выпуски никогда не меняются.
reports-none = Ни один квартал ещё не опубликован.
reports-withheld = скрыто
reports-withheld-why = слишком мало дел или ведомств, преобладает одно ведомство или дел нет вовсе — скрытая ячейка не говорит, что именно.
reports-other-values = (другие значения)
reports-not-recorded = (не указано)
reports-nothing-shown = Все числа этих выпусков скрыты: слишком мало ведомств предоставили дела каждого вида.
split-title = Куда ушла партия
split-hint = Одна партия в записях о передачах (конечный пользователь, сертификат конечного пользователя, импортёр), инвентаризациях и изъятиях: точка утечки показывает, где партия покинула законную цепочку.
split-sub-lot = Подпартия
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
users-disable = Отключить
users-enable = Включить
users-disabled-done = Пользователь отключён; все его входы завершены.
users-enabled-done = Пользователь снова может входить.
nav-imports = Импорт
imports-title = Импорт
imports-hint = Опись склада (строка на партию и место хранения) становится инвентаризацией, назначенной указанным вами инспекторам; записи о передачах (строка на партию и сертификат конечного пользователя) используются при отслеживании. Сначала файл проверяется, и ничего не записывается, пока вы не подтвердите чистую проверку. Заголовки столбцов могут быть на английском или на любом из шести языков ООН.
imports-kind = Что в файле
imports-inventory = Опись склада
imports-transfers = Записи о передачах
imports-file = Файл (CSV или XLSX, не более 20 МиБ)
imports-check-title = Название инвентаризации
imports-assign = Инспекторы, которые считают (имена пользователей через запятую)
imports-scope = Кто ещё может видеть
scope-own_agency = Только моё ведомство
scope-national = Ведомства моей страны
scope-partners = Названные ведомства-партнёры
imports-partners = Идентификаторы ведомств-партнёров (через запятую)
imports-check = Проверить файл
imports-line = Строка
imports-column = Столбец
imports-problem = Ошибка
imports-confirm = Импортировать
imports-fix = Исправьте файл и проверьте его снова.
imports-another = Проверить другой файл
imports-no-file = Выберите файл для импорта.
imports-format = Отправьте файл CSV или XLSX (имя оканчивается на .csv или .xlsx).
nav-agencies = Ведомства
agencies-title = Ведомства страны { $country }
agencies-hint = Записи, доступные вашей стране, видят эти ведомства; пользователями каждого ведомства управляют его администраторы.
agencies-new = Новое ведомство вашей страны
agencies-created = Ведомство добавлено. Создайте его первого администратора из командной строки или попросите его собственного администратора.

# Words the console shares with the field app (shared::view)
access-bad-days = Срок доступа — от 1 до 365 дней.
access-choose-records = Отметьте хотя бы одну запись или предоставьте все подходящие.
access-from = От: { $agency }
access-to = Кому: { $agency }
agency = Ведомство
calibre = Калибр
case-reference = Регистрационный номер
code-field-cage = Код CAGE
code-field-date = Дата
code-field-dodic = DODIC
code-field-expiry_date = Срок годности
code-field-gtin = GTIN
code-field-lot = Партия
code-field-nsn = NSN
code-field-part_number = Номер изделия
code-field-production_date = Дата изготовления
code-field-quantity = Количество
code-field-serial = Серийный номер
code-field-sscc = SSCC
code-field-uii = Уникальный идентификатор изделия
code-kind-dodic = DODIC
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-gs1_element_string = GS1
code-kind-iso15434 = ISO/IEC 15434
code-kind-nsn = NSN
code-kind-plain_text = Текст
code-kind-retail_gtin = GTIN
code-kind-tracemark_label = Этикетка Tracemark
comment-required = Прежде чем вернуть запись, укажите, что автору нужно исправить.
comment-too-long = Комментарий слишком длинный: не более 4000 символов.
concealment = Способ сокрытия
count-lines = Строки подсчёта
depot = Склад
expected-lines = Строки по учёту
import-assign-required = Укажите хотя бы одного инспектора, который будет проводить эту проверку наличия.
import-clean = Ошибок не найдено. Пока ничего не сохранено: нажмите «Импортировать», чтобы сохранить данные.
import-done = { $records ->
    [one] Импорт выполнен: сохранена { $records } запись.
    [few] Импорт выполнен: сохранены { $records } записи.
    [many] Импорт выполнен: сохранено { $records } записей.
   *[other] Импорт выполнен: сохранено { $records } записи.
}
import-ignored = Пропущенные столбцы
import-lots = Партии
import-problems = { $count ->
    [one] Найдена { $count } ошибка: исправьте её в файле и проверьте его снова. Ничего не сохранено.
    [few] Найдено { $count } ошибки: исправьте их в файле и проверьте его снова. Ничего не сохранено.
    [many] Найдено { $count } ошибок: исправьте их в файле и проверьте его снова. Ничего не сохранено.
   *[other] Найдено { $count } ошибки: исправьте их в файле и проверьте его снова. Ничего не сохранено.
}
import-records = Записи
import-rows = Строки
import-total-quantity = Общее количество
locations = Места хранения
lot = Партия
manufacturer = Изготовитель
mode-air = Воздушный
mode-courier = Курьерский
mode-of-shipping = Способ перевозки
mode-on_foot = Пешком
mode-other = Другой
mode-postal = Почтовый
mode-rail = Железнодорожный
mode-road = Автомобильный
mode-sea = Морской
place = Место
point-of-dispatch = Пункт отправки
quantity = Количество
route-destination = Пункт назначения
route-origin = Начальный пункт
route-transit = Пункты транзита
seized-on = Дата изъятия
sharing = Кто может видеть это дело
stock-check-title = Проверка наличия
sub-lot = Подпартия
unit-boxes = Коробки
unit-crates = Ящики
unit-pieces = Штуки
unit-rounds = Патроны
year = Год
exporter = Экспортёр
importer = Импортёр
end-user = Конечный пользователь
end-user-certificate = Сертификат конечного пользователя
transferred-on = Дата передачи
code-field-additional_id = Дополнительный идентификатор изделия
code-field-order_number = Номер заказа
code-field-country_of_origin = Страна происхождения
import-partners-required = Укажите хотя бы одно ведомство-партнёра для совместного доступа.
photo-n = Фотография { $number }
no-codes = В этой записи нет считанных кодов.
access-matching-truncated = Подходящих записей больше, чем показано здесь.
access-grant-all = Предоставить все подходящие записи
access-grant-some = Предоставить только отмеченные записи
access-grant-pick = Открыть доступ к записи
sv-offline = Нет связи с сервером. Для этого экрана нужна сеть: проверьте подключение и повторите попытку.
sv-signed-out = Ваш сеанс завершён. Войдите снова, чтобы продолжить.
sv-forbidden = Вашей учётной записи это действие не разрешено. Если оно вам нужно, обратитесь к администратору.
sv-not-found = Не найдено или не предоставлено вашему ведомству.
sv-invalid = Сервер отклонил запрос: { $message }
sv-conflict = Тем временем что-то изменилось или это невозможно в текущем состоянии (возможно, кто-то уже принял решение): { $message }. Посмотрите ещё раз.
sv-server = Сервер отвечает неправильно: { $message }. Повторите попытку чуть позже.
sv-other = Что-то пошло не так: { $message }
split-none = Доступных вам записей нет.
status-recorded = Записано
