"""Alerts: their sentences (values are filled in when shown) and what they are about."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "A rescue request scored %(total)s (threshold %(threshold)s): two coordinators must approve before any operation.": (
        "حصل طلب إنقاذ على %(total)s نقطة (الحد %(threshold)s): يجب أن يوافق منسقان قبل أي عملية.",
        "داواکارییەکی ڕزگارکردن %(total)s خاڵی هێنا (سنوور %(threshold)s): پێش هەر ئۆپەراسیۆنێک دەبێت دوو هەماهەنگکار ڕەزامەندی بدەن.",
        "Daxwazeke rizgarkirinê %(total)s pûan girt (sînor %(threshold)s): berî her operasyonekê divê du koordînator erê bikin.",
    ),
    "Member %(codename)s is now %(member_status)s. Check what this member and their account could see; warn and move people.": (
        "العضو %(codename)s الآن: %(member_status)s. تحقّق مما كان يستطيع هذا العضو وحسابه رؤيته؛ حذّر الناس وانقلهم.",
        "ئەندام %(codename)s ئێستا: %(member_status)s. بپشکنە ئەم ئەندامە و هەژمارەکەی چییان دەبینی؛ خەڵک ئاگادار بکەرەوە و بیانگوازەرەوە.",
        "Endam %(codename)s niha: %(member_status)s. Kontrol bike ka ev endam û hesabê wî/wê çi didît; mirovan hişyar bike û biguhezîne.",
    ),
    "Duress password used by %(username)s. The account is locked.": (
        "استُخدمت كلمة مرور الإكراه من قِبل %(username)s. الحساب مقفل.",
        "وشەی نهێنیی ناچاری لەلایەن %(username)s بەکارهات. هەژمارەکە داخرا.",
        "Şîfreya bi zorê ji aliyê %(username)s ve hat bikaranîn. Hesab hat girtin.",
    ),
    "DURESS: %(member)s on operation %(operation)s checked in with the duress code at %(at)s (%(where)s). Their screen showed an ordinary check-in.": (
        "إكراه: %(member)s في العملية %(operation)s سجّل الحضور برمز الإكراه في %(at)s (%(where)s). ظهر على شاشته تسجيل عادي.",
        "ناچاری: %(member)s لە ئۆپەراسیۆنی %(operation)s لە %(at)s بە کۆدی ناچاری ئاگاداری کردەوە (%(where)s). شاشەکەی ئاگادارکردنەوەیەکی ئاسایی پیشان دا.",
        "BI ZORÊ: %(member)s di operasyona %(operation)s de di %(at)s de bi koda zorê xwe ragihand (%(where)s). Ekrana wî/wê ragihandineke asayî nîşan da.",
    ),
    "DURESS: %(member)s sent the duress code of operation %(operation)s (%(operation_status)s: not underway) at %(at)s (%(where)s). Their screen showed what any code gets there; no check-in was recorded.": (
        "إكراه: %(member)s أرسل رمز الإكراه للعملية %(operation)s (%(operation_status)s: ليست جارية) في %(at)s (%(where)s). ظهر على شاشته ما يظهر لأي رمز هناك؛ لم يُسجَّل أي حضور.",
        "ناچاری: %(member)s کۆدی ناچاریی ئۆپەراسیۆنی %(operation)s نارد (%(operation_status)s: بەڕێوە نییە) لە %(at)s (%(where)s). شاشەکەی ئەوەی پیشان دا کە هەر کۆدێک لەوێ وەریدەگرێت؛ هیچ ئاگادارکردنەوەیەک تۆمار نەکرا.",
        "BI ZORÊ: %(member)s koda zorê ya operasyona %(operation)s şand (%(operation_status)s: ne didome) di %(at)s de (%(where)s). Ekrana wî/wê tiştê ku her kod li wir distîne nîşan da; tu ragihandin nehat tomarkirin.",
    ),
    "DURESS: %(member)s sent the duress code of operation %(operation)s at %(at)s (%(where)s) in a check-in refused for its input. Their screen showed the refusal any code gets; no check-in was recorded.": (
        "إكراه: %(member)s أرسل رمز الإكراه للعملية %(operation)s في %(at)s (%(where)s) في تسجيل حضور رُفض بسبب مدخلاته. ظهر على شاشته الرفض الذي يلقاه أي رمز؛ لم يُسجَّل أي حضور.",
        "ناچاری: %(member)s کۆدی ناچاریی ئۆپەراسیۆنی %(operation)s نارد لە %(at)s (%(where)s) لە ئاگادارکردنەوەیەکدا کە بەهۆی زانیارییەکانییەوە ڕەتکرایەوە. شاشەکەی ئەو ڕەتکردنەوەیەی پیشان دا کە هەر کۆدێک وەریدەگرێت؛ هیچ ئاگادارکردنەوەیەک تۆمار نەکرا.",
        "BI ZORÊ: %(member)s koda zorê ya operasyona %(operation)s di %(at)s de şand (%(where)s) di ragihandineke ku ji ber agahiyên xwe hat redkirin de. Ekrana wî/wê redkirina ku her kod distîne nîşan da; tu ragihandin nehat tomarkirin.",
    ),
    "%(member)s on operation %(operation)s checked in at %(at)s (%(where)s) with a wrong or missing check-in code. Confirm on another channel.": (
        "%(member)s في العملية %(operation)s سجّل الحضور في %(at)s (%(where)s) برمز تسجيل خاطئ أو مفقود. تأكّد عبر قناة أخرى.",
        "%(member)s لە ئۆپەراسیۆنی %(operation)s لە %(at)s ئاگاداری کردەوە (%(where)s) بە کۆدێکی هەڵە یان بێ کۆد. لە ڕێگەیەکی ترەوە دڵنیا ببەرەوە.",
        "%(member)s di operasyona %(operation)s de di %(at)s de xwe ragihand (%(where)s) bi kodeke şaş an bê kod. Bi kanaleke din piştrast bike.",
    ),
    "DANGER: %(member)s on operation %(operation)s reported danger at %(at)s (%(where)s).": (
        "خطر: %(member)s في العملية %(operation)s أبلغ عن خطر في %(at)s (%(where)s).",
        "مەترسی: %(member)s لە ئۆپەراسیۆنی %(operation)s لە %(at)s مەترسیی ڕاگەیاند (%(where)s).",
        "XETER: %(member)s di operasyona %(operation)s de di %(at)s de xeter ragihand (%(where)s).",
    ),
    "Operation %(operation)s missed its check-in due %(due)s (grace %(grace)s min; last check-in %(last)s).": (
        "فاتت العملية %(operation)s تسجيل الحضور المستحق في %(due)s (مهلة %(grace)s دقيقة؛ آخر تسجيل %(last)s).",
        "ئۆپەراسیۆنی %(operation)s ئاگادارکردنەوەی کاتی %(due)s لەدەست دا (مۆڵەت %(grace)s خولەک؛ دوایین ئاگادارکردنەوە %(last)s).",
        "Operasyona %(operation)s ragihandina ji bo %(due)s ji dest da (dem %(grace)s deqe; ragihandina dawî %(last)s).",
    ),
    "Operation %(operation)s missed its check-in due %(due)s (grace %(grace)s min; no check-in since the start).": (
        "فاتت العملية %(operation)s تسجيل الحضور المستحق في %(due)s (مهلة %(grace)s دقيقة؛ لا تسجيل منذ البداية).",
        "ئۆپەراسیۆنی %(operation)s ئاگادارکردنەوەی کاتی %(due)s لەدەست دا (مۆڵەت %(grace)s خولەک؛ لە سەرەتاوە هیچ ئاگادارکردنەوەیەک نییە).",
        "Operasyona %(operation)s ragihandina ji bo %(due)s ji dest da (dem %(grace)s deqe; ji destpêkê ve tu ragihandin tune).",
    ),
    "Operation %(operation)s is approved but cannot start: rescue requests still waiting for the trap check's approvals: %(count)s.": (
        "العملية %(operation)s موافق عليها لكنها لا تستطيع البدء: طلبات إنقاذ ما زالت تنتظر موافقات فحص الفخ: %(count)s.",
        "ئۆپەراسیۆنی %(operation)s پەسەندکراوە بەڵام ناتوانێت دەست پێ بکات: داواکارییەکانی ڕزگارکردن کە هێشتا چاوەڕێی ڕەزامەندیی پشکنینی تەڵەن: %(count)s.",
        "Operasyona %(operation)s hatiye pejirandin lê nikare dest pê bike: daxwazên rizgarkirinê yên hê li benda erêkirina kontrola xefikê ne: %(count)s.",
    ),
    "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of %(total)s.": (
        "انتهت العملية %(operation)s (%(operation_status)s): الأشخاص الذين أُخرجوا: %(out)s من %(total)s.",
        "ئۆپەراسیۆنی %(operation)s کۆتایی هات (%(operation_status)s): ئەو کەسانەی دەرهێنران: %(out)s لە %(total)s.",
        "Operasyona %(operation)s qediya (%(operation_status)s): kesên hatin derxistin: %(out)s ji %(total)s.",
    ),
    "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of %(total)s. Captured: %(captured)s. Open the compromise report and warn families; move safe houses.": (
        "انتهت العملية %(operation)s (%(operation_status)s): الأشخاص الذين أُخرجوا: %(out)s من %(total)s. أُسر: %(captured)s. افتح تقرير الاختراق وحذّر العائلات؛ انقل البيوت الآمنة.",
        "ئۆپەراسیۆنی %(operation)s کۆتایی هات (%(operation_status)s): ئەو کەسانەی دەرهێنران: %(out)s لە %(total)s. دەستگیرکراو: %(captured)s. ڕاپۆرتی ئاشکرابوون بکەرەوە و خێزانەکان ئاگادار بکەرەوە؛ ماڵە پارێزراوەکان بگوازەرەوە.",
        "Operasyona %(operation)s qediya (%(operation_status)s): kesên hatin derxistin: %(out)s ji %(total)s. Hatin girtin: %(captured)s. Rapora eşkerebûnê veke û malbatan hişyar bike; xaniyên ewle biguhezîne.",
    ),
    "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of %(total)s. Captured or killed: %(lost)s; their accounts are locked. Open the compromise report and warn families; move safe houses.": (
        "انتهت العملية %(operation)s (%(operation_status)s): الأشخاص الذين أُخرجوا: %(out)s من %(total)s. أُسروا أو قُتلوا: %(lost)s؛ حساباتهم مقفلة. افتح تقرير الاختراق وحذّر العائلات؛ انقل البيوت الآمنة.",
        "ئۆپەراسیۆنی %(operation)s کۆتایی هات (%(operation_status)s): ئەو کەسانەی دەرهێنران: %(out)s لە %(total)s. دەستگیرکراو یان کوژراو: %(lost)s؛ هەژمارەکانیان داخران. ڕاپۆرتی ئاشکرابوون بکەرەوە و خێزانەکان ئاگادار بکەرەوە؛ ماڵە پارێزراوەکان بگوازەرەوە.",
        "Operasyona %(operation)s qediya (%(operation_status)s): kesên hatin derxistin: %(out)s ji %(total)s. Hatin girtin an kuştin: %(lost)s; hesabên wan hatin girtin. Rapora eşkerebûnê veke û malbatan hişyar bike; xaniyên ewle biguhezîne.",
    ),
    "Duress word used in a contact: she may be forced to call. Do not act on this contact; review the case.": (
        "استُخدمت كلمة الإكراه في اتصال: قد تكون مُجبرة على الاتصال. لا تتصرّف بناءً على هذا الاتصال؛ راجع الحالة.",
        "وشەی ناچارکردن لە پەیوەندییەکدا بەکارهات: لەوانەیە ناچار کرابێت پەیوەندی بکات. لەسەر ئەم پەیوەندییە هیچ مەکە؛ دۆسیەکە پێدا بچۆرەوە.",
        "Peyva zorê di têkiliyekê de hat bikaranîn: dibe ku ew bi zorê hatibe gazîkirin. Li ser vê têkiliyê tevnegere; dosyayê dîsa binirxîne.",
    ),
    "at waypoint %(n)s": ("عند نقطة الطريق %(n)s", "لە خاڵی ڕێگای %(n)s", "li xala rê %(n)s"),
    "position not given": ("الموقع غير مذكور", "شوێن نەدراوە", "cih nehatiye dayîn"),
    "at waypoint %(n)s; position given: %(position)s": ("عند نقطة الطريق %(n)s؛ الموقع المذكور: %(position)s", "لە خاڵی ڕێگای %(n)s؛ شوێنی دراو: %(position)s", "li xala rê %(n)s; cihê hatiye dayîn: %(position)s"),
    "at %(place)s (waypoint %(n)s)": ("عند %(place)s (نقطة الطريق %(n)s)", "لە %(place)s (خاڵی ڕێگای %(n)s)", "li %(place)s (xala rê %(n)s)"),
    "at %(place)s (waypoint %(n)s); position given: %(position)s": ("عند %(place)s (نقطة الطريق %(n)s)؛ الموقع المذكور: %(position)s", "لە %(place)s (خاڵی ڕێگای %(n)s)؛ شوێنی دراو: %(position)s", "li %(place)s (xala rê %(n)s); cihê hatiye dayîn: %(position)s"),
    "waypoint %(n)s": ("نقطة الطريق %(n)s", "خاڵی ڕێگای %(n)s", "xala rê %(n)s"),
    "position given: %(position)s": ("الموقع المذكور: %(position)s", "شوێنی دراو: %(position)s", "cihê hatiye dayîn: %(position)s"),
    "Operation": ("العملية", "ئۆپەراسیۆن", "Operasyon"),
}
