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
seizure-cases = قضايا الضبط
new-case = قضية ضبط جديدة
no-assignments = لم يُسند إليك أي جرد بعد. قم بالمزامنة عند الاتصال لاستلامه.
no-cases = لا توجد قضايا ضبط على هذا الجهاز بعد.
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
