app-title = تريس مارك
sign-in-title = تسجيل الدخول إلى خادم جهتك
server-url = عنوان الخادم
username = اسم المستخدم
password = كلمة المرور
device-name = اسم هذا الجهاز
sign-in = تسجيل الدخول
signing-in = جارٍ تسجيل الدخول…
sign-out = تسجيل الخروج
sync-now = مزامنة الآن
syncing = جارٍ المزامنة…
last-sync = آخر مزامنة: { $when }
never-synced = لم تتم المزامنة بعد
records-waiting = { $count ->
    [one] سجل واحد بانتظار الإرسال
   *[other] { $count } سجلات بانتظار الإرسال
}
photos-waiting = { $count ->
    [one] صورة واحدة بانتظار الإرسال
   *[other] { $count } صور بانتظار الإرسال
}
all-sent = تم إرسال كل شيء
home-title = عملك
stock-checks = عمليات الجرد
seizure-cases = قضايا الضبط والمخابئ المستردة
new-case = قضية ضبط جديدة
no-assignments = لم يُسند إليك أي جرد بعد. قم بالمزامنة عند الاتصال لاستلامه.
no-cases = لا توجد قضايا ضبط أو مخابئ مستردة على هذا الجهاز بعد.
language = اللغة
progress = تم عدّ { $counted } من { $expected }
lines-left = { $count ->
    [one] بقي سطر واحد
   *[other] بقي { $count } أسطر
}
location = الموقع
expected = المتوقع
counted = المعدود
lot = الدفعة
calibre = العيار
manufacturer = الصانع
year = السنة
quantity = الكمية
condition = الحالة
unexpected-lot = دفعة غير مدرجة في القائمة
save-count = حفظ العدّ
saved = تم الحفظ على هذا الجهاز
submit-check = إرسال الجرد
back = رجوع
case-reference = الرقم المرجعي
seized-on = تاريخ الضبط
place = المكان
mode-of-shipping = وسيلة الشحن
concealment = طريقة الإخفاء
route-origin = المنشأ
route-destination = الوجهة
seized-items = المضبوطات
add-photo = أضف صورًا للملصقات والعلامات المطبوعة وقواعد الطلقات
codes-found = { $count ->
    [one] تم العثور على رمز واحد
   *[other] تم العثور على { $count } رموز
}
no-code-found = لم يُعثر على رمز في هذه الصورة: اكتب ما تقوله العلامة.
from-source = من { $source }
from-invalid-code = من { $source } في رمز غير صالح في مجمله: تحقّق منه
conflict = الرموز غير متطابقة في { $field }: { $values }. تحقق من العلامة واختر.
save-draft = حفظ المسودة
submit-review = إرسال للمراجعة
returned-comment = أعادها مشرفك: { $comment }
status-draft = مسودة
status-submitted = مُرسلة
status-approved = معتمدة
status-returned = مُعادة
field-required = { $field } مطلوب
photo-error = تعذّرت قراءة هذه الصورة: { $reason }
mode-air = جوًا
mode-sea = بحرًا
mode-road = برًا
mode-rail = بالسكك الحديدية
mode-postal = بالبريد
mode-courier = بالبريد السريع
mode-on_foot = سيرًا على الأقدام
mode-other = أخرى
latitude = خط العرض
longitude = خط الطول
use-gps = استخدم موقعي
locating = جارٍ تحديد موقعك…
gps-set = تم تحديد الموقع بنظام GPS (بدقة { $metres } م)
gps-set-plain = تم تحديد الموقع بنظام GPS
gps-failed = لا يوجد موقع: { $reason }. يمكنك كتابة الإحداثيات.
route = المسار
route-transit = أماكن العبور
route-transit-hint = مكان في كل سطر، أو مفصولة بفواصل
point-of-dispatch = نقطة الإرسال
parties = الأطراف
add-party = إضافة طرف
party-name = الاسم
party-role = الدور
country = البلد
note = ملاحظة
remove = إزالة
role-consignor = المرسِل
role-consignee = المستلِم
role-broker = الوسيط
role-carrier = الناقل
role-freight_forwarder = وكيل الشحن
role-end_user = المستخدم النهائي
role-other = آخر
add-item = إضافة صنف آخر
remove-item = إزالة هذا الصنف
sub-lot = الدفعة الفرعية
unit = وحدة العد
ammunition-type = نوع الذخيرة
ammunition-type-from-marks = حسب العلامات: { $type }
ammunition-type-from-marks-short = (حسب العلامات)
ammunition-type-unknown = غير معروف
ammo-small_calibre = عيار صغير
ammo-grenade = قنبلة يدوية
ammo-mortar = قذيفة هاون
ammo-artillery = ذخيرة مدفعية أو دبابات
ammo-rocket = صاروخ غير موجّه
ammo-manpads = صاروخ دفاع جوي محمول (MANPADS)
ammo-atgw = صاروخ موجّه مضاد للدبابات
ammo-mine = لغم
ammo-demolition = عبوة تدمير أو مادة متفجرة
ammo-fuze_component = صمام أو مكوّن
ammo-other = أخرى
unit-rounds = طلقات
unit-boxes = علب
unit-crates = صناديق
unit-pieces = قطع
victims = الضحايا (اختياري)
victims-help = فقط إذا كانت القضية تتضمن عنفًا. اترك العدد فارغًا إذا لم يكن معروفًا.
add-victims = إضافة أعداد الضحايا
sex = الجنس
age-band = العمر
sex-female = إناث
sex-male = ذكور
sex-unknown = غير معروف
age-child = 0–17
age-adult = 18–59
age-older = 60 فأكثر
age-unknown = غير معروف
killed = قتلى
injured = جرحى
sharing = من يمكنه رؤية هذه القضية
scope-national = جميع الجهات في بلدي
scope-own_agency = جهتي فقط
fix-before-saving = يرجى تصحيح هذه الحقول:
photo = صورة
photo-error-plain = تعذرت قراءة هذه الصورة.
take-photo = التقاط صورة
from-gallery = اختيار من المعرض
drop-photos = أو أفلت الصور هنا.
assignment-unreadable = تعذرت قراءة عملية الجرد هذه. زامن مرة أخرى أو اطلب من المشرف إرسالها من جديد.
go-to-location = الانتقال إلى موقع
all-locations = كل المواقع
scan-location = مسح ملصق الموقع
scan-box = مسح ملصق الصندوق
reading-photo = جارٍ قراءة الصورة…
no-location-label = لم يُعثر على ملصق موقع في هذه الصورة. قرّب الكاميرا أو اختر الموقع من القائمة.
label-other-depot = هذا الملصق خاص بالمستودع { $depot } وليس { $expected }.
label-not-in-check = الموقع { $location } ليس ضمن عملية الجرد هذه.
box-matches = صندوق من الدفعة { $lot }: سطرها محدد أدناه.
box-not-expected = الدفعة { $lot } غير متوقعة هنا: تحقق منها وأضفها أدناه.
box-no-lot = تمت قراءة { $count } رموز ولكن لا يعطي أي منها رقم الدفعة: اكتبه من الملصق.
not-saved-yet = مكتوب ولم يُحفظ بعد
quantity-whole-number = أدخل الكمية المعدودة كعدد صحيح.
nsn-invalid = يجب أن يتكون رقم NSN من 13 رقمًا، مثل 1305-01-234-5678.
cancel = إلغاء
conflicts-title = تغيّر على الخادم
conflicts-help = تم تغيير هذه السجلات على الخادم بعد إرسالك لها. قارن ثم احتفظ بنسخة الخادم أو طبّق تعديلك فوقها.
field = الحقل
yours = نسختك
servers = على الخادم
keep-server = الاحتفاظ بنسخة الخادم
apply-mine = تطبيق تعديلي فوقها
seizure-case = قضية ضبط
photos-kept = { $count ->
    [one] صورة واحدة محفوظة مع هذا الصنف
   *[other] { $count } صور محفوظة مع هذا الصنف
}
# Supervisor screens
open = فتح
back-home = الرئيسية
try-again = أعد المحاولة
sign-in-again = سجّل الدخول مجددًا
loading = جارٍ التحميل…
refresh = تحديث
close = إغلاق
sending = جارٍ الإرسال…
total = المجموع
status = الحالة
author = المُعِدّ
device = الجهاز
when = التاريخ
agency = الجهة
priority-manpads = ذو أولوية: صاروخ دفاع جوي محمول (MANPADS)
priority-atgw = ذو أولوية: صاروخ موجّه مضاد للدبابات
review-queue = قائمة المراجعة
review-queue-help = عمليات الجرد وقضايا الضبط المقدَّمة من جهتك، الأقدم أولًا: اعتمدها أو أعِدها مع تعليق.
reports = تقارير الاتجاهات
reports-help = المضبوطات لدى الجهات التي شاركتها، حسب العيار أو الصانع أو السنة أو المسار أو طريقة الإخفاء، في إصدارات ربع سنوية. تُحجب الأعداد الصغيرة.
sv-offline = لا اتصال بالخادم. تحتاج هذه الشاشة إلى الشبكة: تحقق منها ثم أعد المحاولة.
sv-signed-out = انتهت جلستك. سجّل الدخول مجددًا للمتابعة.
sv-forbidden = لا يسمح حسابك بهذا الإجراء. اطلبه من المسؤول إن احتجت إليه.
sv-not-found = غير موجود، أو غير مُشارَك مع جهتك.
sv-invalid = رفض الخادم الطلب: { $message }
sv-conflict = تغيّر الأمر في الأثناء أو لا يمكن تنفيذه في حالته الحالية (ربما سبقك أحد إلى القرار): { $message }. راجِعه من جديد.
sv-server = الخادم لا يستجيب كما ينبغي: { $message }. أعد المحاولة بعد قليل.
sv-other = حدث خطأ: { $message }
queue-kind = عرض
kind-all = كل السجلات
kind-stock_check = جرد
kind-seizure_case = قضية ضبط
kind-other = سجل
oldest-first = الأقدم تقديمًا أولًا
queue-empty = لا شيء بانتظار المراجعة.
pick-record = اختر سجلًا من القائمة لعرض صوره ورموزه وتاريخه.
submitted-by = قدّمه { $author } في
photo-count = { $count ->
    [one] صورة واحدة
   *[other] { $count } صور
}
count-line-count = { $count ->
    [one] سطر عدّ واحد
   *[other] { $count } أسطر عدّ
}
returned-before = { $count ->
    [one] أُعيد مرة من قبل
   *[other] أُعيد { $count } مرات من قبل
}
last-return-comment = آخر تعليق: { $comment }
page-number = الصفحة { $page }
previous-page = الصفحة السابقة
next-page = الصفحة التالية
back-to-queue = العودة إلى القائمة
revision-n = المراجعة { $revision }
photos-heading = { $count ->
    [one] صورة واحدة
   *[other] الصور ({ $count })
}
no-photos = لا صور مع هذا السجل.
photo-n = الصورة { $number }
loading-photo = جارٍ تحميل الصورة…
photo-uploading = ليست على الخادم بعد: الجهاز ما زال يرسلها.
photo-unreadable = لا يمكن عرض هذه الصورة: { $reason }
open-original = فتح الأصل
original-photo = الصورة الأصلية
loading-original = جارٍ تحميل الأصل…
record-heading = محتوى السجل
stock-check-title = الجرد
depot = المستودع
locations = المواقع
expected-lines = الأسطر المتوقعة
count-lines = أسطر العدّ
codes-heading = { $count ->
    [one] رمز واحد مقروء
   *[other] الرموز المقروءة ({ $count })
}
no-codes = لم يُقرأ أي رمز في هذا السجل.
code-kind-gs1_element_string = GS1
code-kind-gs1_digital_link = GS1 Digital Link
code-kind-iso15434 = ISO/IEC 15434
code-kind-retail_gtin = GTIN
code-kind-nsn = NSN
code-kind-dodic = DODIC
code-kind-tracemark_label = ملصق Tracemark
code-kind-plain_text = نص
code-field-gtin = GTIN
code-field-sscc = SSCC
code-field-lot = الدفعة
code-field-serial = الرقم التسلسلي
code-field-production_date = تاريخ الإنتاج
code-field-expiry_date = تاريخ الانتهاء
code-field-date = التاريخ
code-field-nsn = NSN
code-field-dodic = DODIC
code-field-cage = رمز CAGE
code-field-part_number = رقم القطعة
code-field-uii = المعرّف الفريد للمادة
code-field-quantity = الكمية
history-heading = المراجعات والقرارات
no-decisions = لا قرار بعد.
decision-approved = معتمد
decision-returned = مُعاد
decided-by = من { $reviewer } (المراجعة { $revision }) في
decision-heading = قرارك
review-comment = تعليق للمُعِدّ
review-comment-help = مطلوب لإعادة السجل: اذكر ما يجب تصحيحه. اختياري عند الاعتماد.
comment-required = اكتب ما يجب على المُعِدّ تصحيحه قبل إعادة السجل.
approve = اعتماد
return-to-author = إعادة إلى المُعِدّ
decided-approve = اعتُمد { $title }.
decided-return = أُعيد { $title } إلى مُعِدّه.
report-by = الصفوف
report-route-country = بلد المسار
report-value = القيمة
report-why = كل عمود هو إصدار ربع سنة، يُحسب مرة واحدة عند انتهائه. لا يُعرض عدد إلا إذا استند إلى { $k } قضايا على الأقل من { $p } جهات على الأقل، وبقيت بعد حذف قضايا أي جهة واحدة { $k } قضايا على الأقل من جهتين أخريين؛ وتُقرَّب الأعداد المعروضة إلى مضاعف للعدد 5. الأعداد «المحجوبة» قد تكون صغيرة أو صفرًا: لا يمكن التعرّف على أي جهة.
report-suppressed = محجوب
report-other-values = (قيم أخرى)
report-not-recorded = (غير مسجّل)
report-empty = لم يُنشر أي إصدار بعد.
comment-too-long = التعليق طويل جدًا: 4000 حرف على الأكثر.
report-nothing-shown = كل أعداد هذه الإصدارات محجوبة: عدد الجهات التي شاركت قضايا من كل نوع قليل جدًا.
report-next-release = يُنشر إصدار { $period } ابتداءً من { $day }.
reconciliation = المطابقة
reconciliation-help = المتوقع مقابل المعدود لجرد تابع لجهتك، حسب الموقع والدفعة، مع المجاميع؛ ويمكن حفظه بصيغة CSV.
no-stock-checks = لا يوجد لدى جهتك جرد بعد. استورد مخزونًا متوقعًا لبدء جرد.
choose-stock-check = اختر جردًا…
recon-summary = المتوقع { $expected } · المعدود { $counted } · الفرق { $difference }
recon-matched = مطابق
recon-missing = ناقص
recon-surplus = زائد
recon-wrong_location = موقع خاطئ
recon-unexpected_lot = دفعة غير متوقعة
condition-findings = ملاحظات الحالة
no-findings = كل الصناديق المعدودة كانت صالحة للخدمة.
difference = الفرق
expected-at = متوقع في { $locations }
location-total = مجموع { $location }
recon-empty = لا شيء متوقع أو معدود في هذا الجرد.
recon-more-lines = توجد { $count } سطور أخرى في ملف CSV، وكلها متطابقة ما لم تملأ الفروق وحدها الصفحة.
save-csv-to = حفظ بصيغة CSV في
save-csv = حفظ بصيغة CSV
saved-to = حُفظ في { $path }
save-failed = تعذّرت كتابة الملف: { $reason }. اختر مجلدًا آخر.
import-title = استيراد ملف
import-help = المخزون المتوقع لمستودع (يصبح جردًا لمفتشيك) أو سجلات النقل، من CSV أو Excel. يُفحص قبل كتابة أي شيء.
import-kind = محتوى الملف
import-inventory = المخزون المتوقع لمستودع
import-transfers = سجلات النقل
import-file = الملف (CSV أو XLSX)
import-inventory-help = عناوين الأعمدة: المستودع، الموقع، الصانع، العيار، السنة، الدفعة، الدفعة_الفرعية، nsn، الكمية (أو بالإنجليزية: depot, location, manufacturer, calibre, year, lot, sub_lot, nsn, quantity). مستودع واحد لكل ملف.
import-transfers-help = عناوين الأعمدة: شهادة_المستخدم_النهائي، المصدر، المستورد، المستخدم_النهائي، تاريخ_النقل، ثم أعمدة الدفعة والكمية (أو بالإنجليزية: end_user_certificate_ref, exporter, importer, end_user, transferred_on).
import-check-title = عنوان الجرد (اختياري)
import-assign = المفتشون الذين يعدّون (أسماء المستخدمين مفصولة بفواصل)
import-assign-required = اذكر مفتشًا واحدًا على الأقل سيعدّ هذا الجرد.
import-choose-file = اختر ملف CSV أو XLSX أولًا.
import-bad-type = { $name } ليس ملف CSV أو XLSX.
import-too-large = الملف أكبر من 20 ميغابايت: قسّمه إلى عدة ملفات.
import-unreadable = تعذّرت قراءة الملف: { $reason }
import-chosen = { $name } ({ $size } بايت)
import-check = فحص الملف
import-run = استيراد
import-busy = جارٍ العمل…
import-check-first = افحص الملف أولًا: يمكن استيراده عندما لا يجد الفحص أي مشكلة.
import-done = { $records ->
    [one] تم الاستيراد: كُتب سجل واحد.
   *[other] تم الاستيراد: كُتبت { $records } سجلات.
}
import-clean = لا مشكلة. لم يُكتب شيء بعد: اضغط استيراد.
import-problems = { $count ->
    [one] مشكلة واحدة: صحّحها في الملف وافحصه مجددًا. لم يُكتب شيء.
   *[other] { $count } مشكلات: صحّحها في الملف وافحصه مجددًا. لم يُكتب شيء.
}
import-rows = الصفوف
import-lots = الدفعات
import-total-quantity = الكمية الإجمالية
import-records = السجلات
import-ignored = أعمدة متجاهَلة
import-line = السطر
import-column = العمود
import-rule = القاعدة
import-problem = المشكلة
import-not-listed = { $count } مشكلات أخرى غير مدرجة.
kind-count_line = سطر عدّ
kind-transfer = نقل
tracing = التتبّع
tracing-help = ابحث عن دفعة في المخزونات وسجلات النقل والمضبوطات؛ واطلب من الجهات الأخرى الاطلاع على ما لديها.
trace-lot = الدفعة
trace-sub-lot = الدفعة الفرعية
trace-manufacturer = الصانع
trace-calibre = العيار
trace-year = السنة
trace-nsn = NSN
trace-gtin = GTIN
trace-serial = الرقم التسلسلي
trace-kind = النوع
trace-run = تتبّع
trace-split = أين ذهبت هذه الدفعة؟
trace-need-criterion = املأ واحدًا على الأقل من: الدفعة، الدفعة الفرعية، الصانع، العيار، السنة، NSN، GTIN أو الرقم التسلسلي.
trace-bad-year = اكتب السنة بأربعة أرقام، بين 1850 و2100.
trace-split-needs-lot = املأ الدفعة لمعرفة أين ذهبت.
trace-read-as = البحث عن: { $criteria }
trace-visible = { $count ->
    [one] سطر مطابق واحد يمكنك رؤيته
   *[other] { $count } أسطر مطابقة يمكنك رؤيتها
}
trace-no-visible = لا سجل مطابق يمكنك رؤيته.
trace-truncated = تُعرض أول { $limit } أسطر فقط: ضيّق البحث.
trace-where = المكان
trace-reference = المرجع
trace-holders = لدى جهات أخرى
trace-holders-help = لدى هذه الجهات سجلات مطابقة غير مُشارَكة معك. اطلب منها الاطلاع؛ والقرار لها.
trace-holder = لدى { $agency } ({ $country }) سجل مطابق
trace-no-holders = لا توجد جهة أخرى لديها سجل مطابق مخفي عنك.
trace-holders-need-a-lot = لا تُذكر الجهات الأخرى إلا لدفعة واحدة: أدخل رقم الدفعة مع الصانع أو العيار، أو رقم NSN مع الدفعة، أو GTIN مع الرقم التسلسلي أو الدفعة.
split-transfers = { $count ->
    [one] عملية نقل واحدة إلى مستخدم نهائي
   *[other] عمليات النقل إلى المستخدمين النهائيين ({ $count })
}
split-inventories = { $count ->
    [one] سطر مخزون واحد يحويها
   *[other] المخزونات التي تحويها ({ $count })
}
split-seizures = { $count ->
    [one] ضبطية واحدة
   *[other] الضبطيات ({ $count })
}
split-none = لا شيء يمكنك رؤيته.
access-request = طلب الاطلاع
access-reason = لماذا تحتاج هذه السجلات (تقرأ الجهة الأخرى هذا)
access-reason-required = اذكر لماذا تحتاج السجلات.
access-send = إرسال الطلب
access-sent = أُرسل الطلب إلى { $agency }. سيظهر الرد في طلبات الاطلاع، المُرسَلة.
access-requests = طلبات الاطلاع
access-requests-help = طلبات جهات أخرى للاطلاع على سجلاتك، والردود على طلباتك.
access-incoming = الواردة
access-outgoing = المُرسَلة
access-none-incoming = لم تطلب أي جهة الاطلاع على سجلاتك.
access-none-outgoing = لم تطلب جهتك أي اطلاع بعد.
access-from = من { $agency }
access-to = إلى { $agency }
access-sent-on = أُرسل في
access-criteria = السجلات المطابقة لـ: { $criteria }
access-comment = الرد: { $comment }
access-granted-records = { $count ->
    [one] سُمح بسجل واحد
   *[other] سُمح بـ { $count } سجلات
}
access-until = حتى
access-status-pending = قيد الانتظار
access-status-granted = مسموح
access-status-refused = مرفوض
access-review = مراجعة هذا الطلب
access-matching = { $count ->
    [one] سجل واحد من سجلاتك مطابق
   *[other] { $count } من سجلاتك مطابقة
}
access-no-matching = لا يطابق أي من سجلاتك الآن: يمكنك الرفض فقط.
access-matching-truncated = هناك سجلات مطابقة أكثر مما هو مدرج هنا.
access-grant-all = السماح بكل السجلات المطابقة
access-grant-some = السماح بالسجلات المحددة فقط
access-choose-records = حدّد سجلًا واحدًا على الأقل، أو اسمح بكل السجلات المطابقة.
access-days = مدة الاطلاع بالأيام (1 إلى 365)
access-bad-days = تدوم مدة الاطلاع من 1 إلى 365 يومًا.
access-note = ملاحظة للجهة الطالبة (اختياري)
access-grant = سماح
access-refuse = رفض
import-scope = من يمكنه رؤية السجلات
open-reconciliation = فتح المطابقة الخاصة به

# Words the field app shares with the console (shared::view)
scope-partners = جهات شريكة محددة
status-assigned = مُسند
status-in_progress = قيد التنفيذ
exporter = المُصدِّر
importer = المستورِد
end-user = المستخدم النهائي
end-user-certificate = شهادة المستخدم النهائي
transferred-on = تاريخ النقل
code-field-additional_id = معرّف إضافي للمنتج
code-field-order_number = رقم الطلب
code-field-country_of_origin = بلد المنشأ
import-partners-required = اذكر جهة شريكة واحدة على الأقل للمشاركة معها.
status-recorded = مسجَّل
mixing-forbidden = يجب ألا تُخزَّن مجموعتا التوافق { $first } و{ $second } معًا هنا.
mixing-conditional = لا يجوز أن تشترك مجموعتا التوافق { $first } و{ $second } في هذا الموقع إلا بشروط السلطة الوطنية.
hazard-classification = تصنيف الخطر وفق الأمم المتحدة
hazard-invalid = تصنيف الخطر هو شعبة ومجموعة توافق، مثل 1.1D أو 1.4S.
mixed-storage = تخزين مختلط
mixed-storage-hint = مواقع تضم مجموعات توافق يفصل بينها جدول خلط التخزين (IATG 01.50).
split-breach = نُقلت هذه الدفعة بموجب شرط عدم إعادة النقل: ضبطها خارج يد المستخدم النهائي قد يكون تحويلًا يخالف شهادة المستخدم النهائي.
terms-no-retransfer = لا إعادة نقل
terms-retransfer-allowed = لا شرط لعدم إعادة النقل
terms-unknown = شرط عدم إعادة النقل غير مسجل
terms-dvc = تم التحقق من التسليم ({ $reference })
party-identifier = المعرّف (رقم المنظمة البحرية الدولية، تسجيل الطائرة، رقم الشركة)

# المخابئ المستردة (ذخائر عُثر عليها أو مهجورة أو غير مطهرة أو مسلَّمة)
kind-recovered_cache = مخبأ مسترد
recovered-on = تاريخ الاسترداد
recovery-circumstance = كيف عُثر عليه
recovered-by = استردته (الوحدة أو الفريق أو الموظف)
recovered-condition = الحالة عند العثور عليه
recovery-action = الإجراء المتخذ
action-on = تاريخ الإجراء
moved-to = نُقل إلى
action-note = كيف نُفذ
circumstance-found = عُثر عليه مخبأً
circumstance-abandoned = مهجور
circumstance-uncleared = متروك دون تطهير بعد القتال
circumstance-handed_in = سُلِّم طوعاً
cache-condition-intact = سليم
cache-condition-deteriorated = متدهور، يمكن نقله
cache-condition-unsafe = نقله غير آمن
cache-action-secured = أُمِّن في مكانه
cache-action-moved = نُقل إلى مستودع
cache-action-destroyed = أُتلف
new-recovery = مخبأ مسترد جديد
recovered-cache = مخبأ مسترد
recovery = الاسترداد
recovered-items = الذخائر المستردة
access-by-party = السجلات التي تذكر: { $party }
party-search-title = الأطراف عبر القضايا
party-search-hint = أين يظهر أيضاً سمسار أو ناقل أو سفينة أو طائرة، أو مكان في المسار أو طريقة إخفاء: بالتفصيل حيث يمكنك رؤيته، والجهات التي لديها المزيد.
party-search-name = الاسم
party-search-identifier = المعرّف (رقم المنظمة البحرية، التسجيل)
party-search-place = المكان أو نقطة الإرسال
party-search-concealment = الإخفاء (كلمات)
party-search-run = بحث
party-search-no-holders-searched = كلمات الإخفاء وحدها لا تسمّي الجهات التي لديها المزيد.
