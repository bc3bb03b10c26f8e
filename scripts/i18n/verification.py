"""Verification: the trap check's look-back window, evidence sentences, request pages."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "Days before the request in which any contact with the duress word or a failed authentication counts": (
        "عدد الأيام قبل الطلب التي يُحتسب فيها أي اتصال استُخدمت فيه كلمة الإكراه أو فشل فيه التحقق",
        "ژمارەی ئەو ڕۆژانەی پێش داواکارییەکە کە هەر پەیوەندییەک وشەی ناچارکردنی تێدا بەکارهاتبێت یان ناسینەوەی تێدا سەرنەکەوتبێت هەژمار دەکرێت",
        "Rojên berî daxwazê ku tê de her têkiliyek bi peyva zorê an bi naskirineke têkçûyî tê hesibandin",
    ),
    "Not shared with you": ("غير مشارَك معك", "لەگەڵت هاوبەش نەکراوە", "Bi te re nehatiye parvekirin"),
    "when the request was recorded": ("عند تسجيل الطلب", "کاتی تۆمارکردنی داواکارییەکە", "dema daxwaz hat tomarkirin"),
    "assessed again on request": ("أُعيد التقييم بطلب", "بە داواکاری دووبارە هەڵسەنگێنرا", "li ser daxwazê dîsa hat nirxandin"),
    "after a change of the rules": ("بعد تغيير القواعد", "دوای گۆڕینی ڕێساکان", "piştî guhertina rêzikan"),
    "after a new contact": ("بعد اتصال جديد", "دوای پەیوەندییەکی نوێ", "piştî têkiliyeke nû"),
    "after a family's report gave a phone number": ("بعد بلاغ من العائلة ذكر رقم هاتف", "دوای ڕاپۆرتێکی خێزان کە ژمارە تەلەفۆنێکی تێدا بوو", "piştî ku rapora malbatekê hejmareke telefonê da"),
    "after a new location report": ("بعد تقرير موقع جديد", "دوای ڕاپۆرتێکی نوێی شوێن", "piştî rapora cihekî nû"),
    "after a member's status changed": ("بعد تغيّر حالة عضو", "دوای گۆڕانی دۆخی ئەندامێک", "piştî ku rewşa endamekî guherî"),
    "after a new incident": ("بعد حادثة جديدة", "دوای ڕووداوێکی نوێ", "piştî bûyereke nû"),
    "after a place's control changed": ("بعد تغيّر السيطرة على مكان", "دوای گۆڕانی دەسەڵات بەسەر شوێنێکدا", "piştî ku kontrola cihekî guherî"),
    "after two records of her were merged, or a merge undone": ("بعد دمج سجلّين لها، أو التراجع عن دمج", "دوای یەکخستنی دوو تۆماری ئەو، یان هەڵوەشاندنەوەی یەکخستنێک", "piştî ku du qeydên wê hatin yekkirin, an yekkirinek hat betalkirin"),
    "when an operation was to start, the evidence having changed": ("عند بدء عملية، وقد تغيّرت الأدلة", "کاتی دەستپێکردنی ئۆپەراسیۆنێک، کە بەڵگەکان گۆڕابوون", "dema operasyonek diçû dest pê bike, û delîl guherîbûn"),
    "after phone numbers were indexed anew": ("بعد إعادة فهرسة أرقام الهواتف", "دوای دووبارە پێڕستکردنەوەی ژمارە تەلەفۆنەکان", "piştî ku hejmarên telefonê ji nû ve hatin îndekskirin"),
}

# Evidence sentences of the trap check, request and rules messages, the close warning.
T.update({
    "No authentication on the contact of %(at)s (%(channel)s).": (
        "لم يجرِ التحقق في اتصال %(at)s (%(channel)s).",
        "لە پەیوەندیی %(at)s (%(channel)s) ناسینەوە نەکرا.",
        "Di têkiliya %(at)s (%(channel)s) de naskirin nehat kirin.",
    ),
    "Authentication failed on the contact of %(at)s (%(channel)s).": (
        "فشل التحقق في اتصال %(at)s (%(channel)s).",
        "ناسینەوە لە پەیوەندیی %(at)s (%(channel)s) سەرنەکەوت.",
        "Naskirin di têkiliya %(at)s (%(channel)s) de têk çû.",
    ),
    "Authentication failed on the contact of %(at)s (%(channel)s), which the request does not rest on.": (
        "فشل التحقق في اتصال %(at)s (%(channel)s)، وهو اتصال لا يستند إليه الطلب.",
        "ناسینەوە لە پەیوەندیی %(at)s (%(channel)s) سەرنەکەوت، کە داواکارییەکە پشتی پێ نابەستێت.",
        "Naskirin di têkiliya %(at)s (%(channel)s) de têk çû, ku daxwaz ne li ser wê ye.",
    ),
    "The duress word was used on the contact of %(at)s (%(channel)s).": (
        "استُخدمت كلمة الإكراه في اتصال %(at)s (%(channel)s).",
        "وشەی ناچارکردن لە پەیوەندیی %(at)s (%(channel)s) بەکارهات.",
        "Peyva zorê di têkiliya %(at)s (%(channel)s) de hat bikaranîn.",
    ),
    "The duress word was used on the contact of %(at)s (%(channel)s), which the request does not rest on.": (
        "استُخدمت كلمة الإكراه في اتصال %(at)s (%(channel)s)، وهو اتصال لا يستند إليه الطلب.",
        "وشەی ناچارکردن لە پەیوەندیی %(at)s (%(channel)s) بەکارهات، کە داواکارییەکە پشتی پێ نابەستێت.",
        "Peyva zorê di têkiliya %(at)s (%(channel)s) de hat bikaranîn, ku daxwaz ne li ser wê ye.",
    ),
    "An all-clear word was agreed but not given on the contact of %(at)s (%(channel)s).": (
        "اتُّفق على كلمة أمان لكنها لم تُقل في اتصال %(at)s (%(channel)s).",
        "وشەی ئاسایش ڕێککەوترابوو بەڵام لە پەیوەندیی %(at)s (%(channel)s) نەوترا.",
        "Peyveke ewlehiyê hatibû lihevkirin lê di têkiliya %(at)s (%(channel)s) de nehat gotin.",
    ),
    "What she asked on the contact of %(at)s: %(phrases)s.": (
        "ما طلبته في اتصال %(at)s: %(phrases)s.",
        "ئەوەی لە پەیوەندیی %(at)s داوای کرد: %(phrases)s.",
        "Tiştê ku wê di têkiliya %(at)s de xwest: %(phrases)s.",
    ),
    "The number used was recorded in an earlier incident: %(incident_kind)s on %(date)s.": (
        "الرقم المستخدم سُجّل في حادثة سابقة: %(incident_kind)s بتاريخ %(date)s.",
        "ژمارە بەکارهاتووەکە لە ڕووداوێکی پێشوودا تۆمار کراوە: %(incident_kind)s لە %(date)s.",
        "Jimara hatî bikaranîn di bûyereke berê de hatibû tomarkirin: %(incident_kind)s di %(date)s de.",
    ),
    "The number used is a channel of member %(codename)s (%(member_status)s).": (
        "الرقم المستخدم وسيلة اتصال للعضو %(codename)s (%(member_status)s).",
        "ژمارە بەکارهاتووەکە کەناڵی ئەندام %(codename)s ـە (%(member_status)s).",
        "Jimara hatî bikaranîn kanala endam %(codename)s e (%(member_status)s).",
    ),
    "The number used also appears in the records of other persons: %(count)s.": (
        "يظهر الرقم المستخدم أيضاً في سجلات أشخاص آخرين: %(count)s.",
        "ژمارە بەکارهاتووەکە لە تۆمارەکانی کەسانی تریشدا هەیە: %(count)s.",
        "Jimara hatî bikaranîn di tomarên kesên din de jî heye: %(count)s.",
    ),
    "%(place)s (%(place_kind)s) is linked to an earlier incident: %(incident_kind)s on %(date)s.": (
        "%(place)s (%(place_kind)s) مرتبط بحادثة سابقة: %(incident_kind)s بتاريخ %(date)s.",
        "%(place)s (%(place_kind)s) پەیوەستە بە ڕووداوێکی پێشووەوە: %(incident_kind)s لە %(date)s.",
        "%(place)s (%(place_kind)s) bi bûyereke berê ve girêdayî ye: %(incident_kind)s di %(date)s de.",
    ),
    "%(place)s (%(place_kind)s) was reported by member %(codename)s (%(member_status)s).": (
        "أبلغ عن %(place)s (%(place_kind)s) العضو %(codename)s (%(member_status)s).",
        "%(place)s (%(place_kind)s) لەلایەن ئەندام %(codename)s (%(member_status)s) ڕاپۆرت کرا.",
        "%(place)s (%(place_kind)s) ji aliyê endam %(codename)s (%(member_status)s) ve hat ragihandin.",
    ),
    "Holder %(holder)s is linked to an earlier incident: %(incident_kind)s on %(date)s.": (
        "المحتجِز %(holder)s مرتبط بحادثة سابقة: %(incident_kind)s بتاريخ %(date)s.",
        "ڕاگر %(holder)s پەیوەستە بە ڕووداوێکی پێشووەوە: %(incident_kind)s لە %(date)s.",
        "Girtox %(holder)s bi bûyereke berê ve girêdayî ye: %(incident_kind)s di %(date)s de.",
    ),
    "The pick-up is %(km)s km from an earlier incident: %(incident_kind)s on %(date)s (limit %(limit)s km).": (
        "مكان الاستلام على بعد %(km)s كم من حادثة سابقة: %(incident_kind)s بتاريخ %(date)s (الحد %(limit)s كم).",
        "شوێنی وەرگرتن %(km)s کم لە ڕووداوێکی پێشووەوە دوورە: %(incident_kind)s لە %(date)s (سنوور %(limit)s کم).",
        "Cihê hildanê %(km)s km ji bûyereke berê dûr e: %(incident_kind)s di %(date)s de (sînor %(limit)s km).",
    ),
    "No location report supports where she is said to be.": (
        "لا يوجد تقرير موقع يدعم المكان الذي يُقال إنها فيه.",
        "هیچ ڕاپۆرتێکی شوێن پشتگیری ئەو شوێنە ناکات کە دەوترێت لێیەتی.",
        "Tu rapora cih piştgiriyê nade cihê ku tê gotin ew lê ye.",
    ),
    "No graded location report.": (
        "لا يوجد تقرير موقع مقيَّم.",
        "هیچ ڕاپۆرتێکی شوێنی پلەدارکراو نییە.",
        "Tu rapora cih a nirxandî tune.",
    ),
    "Location reports: %(count)s, all from one source, none corroborated.": (
        "تقارير الموقع: %(count)s، كلها من مصدر واحد، ولا شيء منها مؤكَّد.",
        "ڕاپۆرتەکانی شوێن: %(count)s، هەموویان لە یەک سەرچاوەوە، هیچیان پشتڕاست نەکراونەتەوە.",
        "Raporên cih: %(count)s, hemû ji yek çavkaniyê, yek jî nehatiye piştrastkirin.",
    ),
    (
        "Location reports: %(count)s, not corroborated by an independent source: what a "
        "compromised, captured, missing or killed member reported does not count."
    ): (
        "تقارير الموقع: %(count)s، غير مؤكَّدة من مصدر مستقل: ما أبلغ عنه عضو مكشوف أو "
        "مأسور أو مفقود أو مقتول لا يُحتسب.",
        "ڕاپۆرتەکانی شوێن: %(count)s، لە سەرچاوەیەکی سەربەخۆوە پشتڕاست نەکراونەتەوە: ئەوەی "
        "ئەندامێکی ئاشکراکراو، دەستگیرکراو، ون یان کوژراو ڕاپۆرتی کردووە حیساب ناکرێت.",
        "Raporên cih: %(count)s, ji çavkaniyeke serbixwe nehatine piştrastkirin: tiştê ku "
        "endamekî eşkerekirî, girtî, winda an kuştî ragihandiye nayê hesibandin.",
    ),
    "The best location report is graded %(grade)s (minimum %(minimum)s).": (
        "أفضل تقرير موقع مقيَّم بدرجة %(grade)s (الحد الأدنى %(minimum)s).",
        "باشترین ڕاپۆرتی شوێن پلەی %(grade)s ـە (کەمترین %(minimum)s).",
        "Rapora cih a herî baş bi pileya %(grade)s hatiye nirxandin (kêmtirîn %(minimum)s).",
    ),
    "The request says %(place)s (%(place_kind)s); the latest report of %(at)s says %(report_place)s (%(report_place_kind)s).": (
        "يذكر الطلب %(place)s (%(place_kind)s)؛ وآخر تقرير، بتاريخ %(at)s، يذكر %(report_place)s (%(report_place_kind)s).",
        "داواکارییەکە دەڵێت %(place)s (%(place_kind)s)؛ دوایین ڕاپۆرت، لە %(at)s، دەڵێت %(report_place)s (%(report_place_kind)s).",
        "Daxwaz dibêje %(place)s (%(place_kind)s); rapora dawî ya %(at)s dibêje %(report_place)s (%(report_place_kind)s).",
    ),
    "The request names holder %(holder)s; the latest report of %(at)s names %(report_holder)s.": (
        "يسمّي الطلب المحتجِز %(holder)s؛ وآخر تقرير، بتاريخ %(at)s، يسمّي %(report_holder)s.",
        "داواکارییەکە ڕاگر بە %(holder)s ناو دەبات؛ دوایین ڕاپۆرت، لە %(at)s، %(report_holder)s ناو دەبات.",
        "Daxwaz girtox wek %(holder)s bi nav dike; rapora dawî ya %(at)s %(report_holder)s bi nav dike.",
    ),
    "Children with her, as the request says: %(count)s; as the family reported: %(family)s.": (
        "الأطفال معها بحسب الطلب: %(count)s؛ وبحسب ما أبلغت العائلة: %(family)s.",
        "منداڵەکانی لەگەڵی بەپێی داواکارییەکە: %(count)s؛ بەپێی ڕاپۆرتی خێزان: %(family)s.",
        "Zarokên bi wê re li gorî daxwazê: %(count)s; li gorî ragihandina malbatê: %(family)s.",
    ),
    "Children with her, as the request says: %(count)s; as the report of %(at)s says: %(report)s.": (
        "الأطفال معها بحسب الطلب: %(count)s؛ وبحسب تقرير %(at)s: %(report)s.",
        "منداڵەکانی لەگەڵی بەپێی داواکارییەکە: %(count)s؛ بەپێی ڕاپۆرتی %(at)s: %(report)s.",
        "Zarokên bi wê re li gorî daxwazê: %(count)s; li gorî rapora %(at)s: %(report)s.",
    ),
    "Days since the contact before: %(days)s (limit %(limit)s).": (
        "الأيام منذ الاتصال السابق: %(days)s (الحد %(limit)s).",
        "ڕۆژەکان لە پەیوەندیی پێشووەوە: %(days)s (سنوور %(limit)s).",
        "Roj ji têkiliya berê ve: %(days)s (sînor %(limit)s).",
    ),
    "Contacts within %(hours)s hours: %(count)s (limit %(limit)s).": (
        "الاتصالات خلال %(hours)s ساعة: %(count)s (الحد %(limit)s).",
        "پەیوەندییەکان لە ماوەی %(hours)s کاتژمێردا: %(count)s (سنوور %(limit)s).",
        "Têkilî di nav %(hours)s saetan de: %(count)s (sînor %(limit)s).",
    ),
    "A rescue request that operation %(operation)s (%(operation_status)s) carries was closed: the operation cannot start with it and its team no longer sees her pick-up. Decide whether to abort the operation or change its plan.": (
        "أُغلق طلب إنقاذ تحمله العملية %(operation)s (%(operation_status)s): لا تستطيع العملية البدء به، ولم يعد فريقها يرى مكان استلامها. قرّروا هل تُلغى العملية أم تُغيَّر خطتها.",
        "داواکارییەکی ڕزگارکردن کە ئۆپەراسیۆنی %(operation)s (%(operation_status)s) هەڵیگرتووە داخرا: ئۆپەراسیۆنەکە ناتوانێت پێیەوە دەست پێ بکات و تیمەکەی چیتر شوێنی وەرگرتنی نابینێت. بڕیار بدەن ئایا ئۆپەراسیۆنەکە هەڵبوەشێننەوە یان پلانەکەی بگۆڕن.",
        "Daxwazeke rizgarkirinê ya ku operasyona %(operation)s (%(operation_status)s) hildigire hat girtin: operasyon nikare bi wê dest pê bike û tîma wê êdî cihê hildana wê nabîne. Biryar bidin ka operasyon were betalkirin an plana wê were guhertin.",
    ),
    "These operations carry this request. Once it is closed they cannot start with it, their team no longer sees her pick-up, and every coordinator is alerted:": (
        "تحمل هذه العمليات هذا الطلب. بعد إغلاقه لن تستطيع البدء به، ولن يرى فريقها مكان استلامها، وسيُنبَّه كل المنسقين:",
        "ئەم ئۆپەراسیۆنانە ئەم داواکارییە هەڵدەگرن. کە داخرا ناتوانن پێیەوە دەست پێ بکەن، تیمەکەیان چیتر شوێنی وەرگرتنی نابینێت، و هەموو هەماهەنگکاران ئاگادار دەکرێنەوە:",
        "Ev operasyon vê daxwazê hildigirin. Piştî ku were girtin ew nikarin bi wê dest pê bikin, tîma wan êdî cihê hildana wê nabîne, û hemû hevrêzker têne hişyarkirin:",
    ),
    "Every contact must be about this person.": (
        "يجب أن يخص كل اتصال هذا الشخص.",
        "هەموو پەیوەندییەک دەبێت دەربارەی ئەم کەسە بێت.",
        "Divê her têkilî li ser vê kesê be.",
    ),
    "A request must give something to check: tick a contact of hers it rests on, record a location report first, or say where she is or where to pick her up.": (
        "يجب أن يقدّم الطلب شيئاً يمكن فحصه: اختر اتصالاً منها يستند إليه، أو سجّل تقرير موقع أولاً، أو قل أين هي أو أين يُستلم.",
        "داواکاری دەبێت شتێک بۆ پشکنین بدات: پەیوەندییەکی ئەو کە پشتی پێ دەبەستێت دیاری بکە، یان سەرەتا ڕاپۆرتێکی شوێن تۆمار بکە، یان بڵێ لە کوێیە یان لە کوێ وەربگیرێت.",
        "Divê daxwaz tiştekî ji bo kontrolê bide: têkiliyeke wê ya ku daxwaz li ser e nîşan bike, pêşî rapora cihekî tomar bike, an bêje ew li ku ye an ji ku were hildan.",
    ),
    "Your member is marked compromised, captured, missing or killed, so your approval cannot count. Ask another coordinator.": (
        "عضوك مُعلَّم مكشوفًا أو أسيرًا أو مفقودًا أو مقتولًا، لذا لا يمكن أن تُحتسب موافقتك. اطلب ذلك من منسّق آخر.",
        "ئەندامەکەت وەک ئاشکرابوو، دەستگیرکراو، ون یان کوژراو نیشانکراوە، بۆیە ڕەزامەندییەکەت حیساب ناکرێت. داوا لە هەماهەنگکارێکی تر بکە.",
        "Endamê te wek eşkerebûyî, girtî, winda an kuştî hatiye nîşankirin, ji ber vê pejirandina te nayê hesibandin. Ji koordînatorekî din bixwaze.",
    ),
    "This request is below the threshold: no approval is needed.": (
        "هذا الطلب دون العتبة: لا حاجة إلى موافقة.",
        "ئەم داواکارییە لە خوار سنوورەوەیە: پێویستی بە ڕەزامەندی نییە.",
        "Ev daxwaz di bin sînor de ye: pejirandin ne pêwîst e.",
    ),
    "You have already approved this request.": (
        "لقد وافقتَ على هذا الطلب من قبل.",
        "پێشتر ڕەزامەندیت لەسەر ئەم داواکارییە داوە.",
        "Te berê ev daxwaz pejirandiye.",
    ),
    "A weight is a whole number from 0 to %(max)s.": (
        "الوزن عدد صحيح من 0 إلى %(max)s.",
        "کێش ژمارەیەکی تەواوە لە 0 تا %(max)s.",
        "Giranî jimareke tam e ji 0 heta %(max)s.",
    ),
    "A number from %(low)s to %(high)s.": (
        "رقم من %(low)s إلى %(high)s.",
        "ژمارەیەک لە %(low)s تا %(high)s.",
        "Jimarek ji %(low)s heta %(high)s.",
    ),
    "The threshold is a whole number from 0 to %(max)s.": (
        "العتبة عدد صحيح من 0 إلى %(max)s.",
        "سنوور ژمارەیەکی تەواوە لە 0 تا %(max)s.",
        "Sînor jimareke tam e ji 0 heta %(max)s.",
    ),
})

T.update({
    "The request urges an immediate pick-up.": (
        "الطلب يستعجل الاستلام فوراً.",
        "داواکارییەکە پەلە لە وەرگرتنی دەستبەجێ دەکات.",
        "Daxwaz ji bo hildaneke yekser lez dike.",
    ),
    "The request says the holder is away.": (
        "يقول الطلب إن المحتجِز غائب.",
        "داواکارییەکە دەڵێت ڕاگرەکە لێرە نییە.",
        "Daxwaz dibêje ku girtox ne li wir e.",
    ),
    "Rescuers are asked to come to where she is held, not to a meeting point the network chose.": (
        "يُطلب من المنقذين المجيء إلى حيث تُحتجز، لا إلى نقطة لقاء اختارتها الشبكة.",
        "داوا لە ڕزگارکەران دەکرێت بێنە ئەو شوێنەی لێی ڕاگیراوە، نەک بۆ خاڵێکی چاوپێکەوتن کە تۆڕەکە هەڵیبژاردووە.",
        "Ji rizgarkeran tê xwestin ku werin cihê ku ew lê tê girtin, ne xaleke hevdîtinê ya ku tor hilbijartiye.",
    ),
    "Write why you approve despite the factors shown.": (
        "اكتب لماذا توافق رغم العوامل المعروضة.",
        "بنووسە بۆچی سەرەڕای هۆکارە پیشاندراوەکان ڕەزامەندی دەدەیت.",
        "Binivîse çima tu digel faktorên hatine nîşandan dipejirînî.",
    ),
    "At most %(count)s characters.": (
        "%(count)s حرف على الأكثر.",
        "زۆرترین %(count)s پیت.",
        "Herî zêde %(count)s tîp.",
    ),
    "This request is closed.": ("هذا الطلب مغلق.", "ئەم داواکارییە داخراوە.", "Ev daxwaz girtî ye."),
    "Say why the request is closed.": (
        "قل لماذا يُغلق الطلب.",
        "بڵێ بۆچی داواکارییەکە دادەخرێت.",
        "Bêje çima daxwaz tê girtin.",
    ),
    "Unknown factor.": ("عامل غير معروف.", "هۆکاری نەناسراو.", "Faktora nenas."),
    "Unknown setting.": ("إعداد غير معروف.", "ڕێکخستنی نەناسراو.", "Mîhenga nenas."),
    "Say why the rules change.": (
        "قل لماذا تتغير القواعد.",
        "بڵێ بۆچی ڕێساکان دەگۆڕدرێن.",
        "Bêje çima rêzik diguherin.",
    ),
    "She is no longer held (%(status)s): no rescue request is recorded for her.": (
        "لم تعد محتجزة (%(status)s): لا يُسجَّل لها طلب إنقاذ.",
        "ئیتر دەستبەسەر نییە (%(status)s): هیچ داواکارییەکی ڕزگارکردن بۆی تۆمار ناکرێت.",
        "Ew êdî ne girtî ye (%(status)s): ji bo wê daxwaza rizgarkirinê nayê tomarkirin.",
    ),
})
