"""Intel and verification pages: gazetteer, members, holders, incidents, the trap check."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "Places": ("الأماكن", "شوێنەکان", "Cih"),
    "Verification": ("التحقق", "پشتڕاستکردنەوە", "Piştrastkirin"),
    "Members": ("الأعضاء", "ئەندامان", "Endam"),
    "Holders": ("المحتجِزون", "ڕاگرەکان", "Girtox"),
    "Incidents": ("الحوادث", "ڕووداوەکان", "Bûyer"),
    "Location reports": ("تقارير المكان", "ڕاپۆرتەکانی شوێن", "Raporên cih"),
    "Add a location report": ("أضف تقرير مكان", "ڕاپۆرتی شوێن زیاد بکە", "Rapora cih zêde bike"),
    "Record a rescue request": (
        "سجّل طلب إنقاذ",
        "داواکاریی ڕزگارکردن تۆمار بکە",
        "Daxwaza rizgarkirinê tomar bike",
    ),
    "Rescue request": ("طلب إنقاذ", "داواکاریی ڕزگارکردن", "Daxwaza rizgarkirinê"),
    "Requests waiting for verification": (
        "طلبات تنتظر التحقق",
        "داواکارییەکان چاوەڕێی پشتڕاستکردنەوەن",
        "Daxwazên li benda piştrastkirinê",
    ),
    "Requests waiting for verification (%(n)d)": (
        "طلبات تنتظر التحقق (%(n)d)",
        "داواکارییەکان چاوەڕێی پشتڕاستکردنەوەن (%(n)d)",
        "Daxwazên li benda piştrastkirinê (%(n)d)",
    ),
    "Trap-check rules": ("قواعد فحص الفخ", "یاساکانی پشکنینی تەڵە", "Qaîdeyên kontrola xefikê"),
    "Nothing is waiting.": ("لا شيء ينتظر.", "هیچ شتێک چاوەڕێ ناکات.", "Tiştek li bendê nîne."),
    "Factors": ("العوامل", "هۆکارەکان", "Faktor"),
    "Factor": ("العامل", "هۆکار", "Faktor"),
    "Weight": ("الوزن", "کێش", "Giranî"),
    "Evidence": ("الدليل", "بەڵگە", "Delîl"),
    "Total": ("المجموع", "کۆ", "Giştî"),
    "Threshold": ("الحد", "سنوور", "Sînor"),
    "Score": ("النتيجة", "نمرە", "Pûan"),
    "Approvals": ("الموافقات", "ڕەزامەندییەکان", "Pejirandin"),
    "Approve": ("وافق", "ڕەزامەندی بدە", "Bipejirîne"),
    "None yet.": ("لا شيء بعد.", "هێشتا هیچ.", "Hîn tune."),
    "No factor fired.": ("لم يظهر أي عامل.", "هیچ هۆکارێک دەرنەکەوت.", "Tu faktor dernekete."),
    "Cleared: an operation may start.": (
        "مُجاز: يمكن أن تبدأ العملية.",
        "ڕێگەپێدراو: ئۆپەراسیۆن دەتوانێت دەست پێبکات.",
        "Destûr heye: operasyon dikare dest pê bike.",
    ),
    "Your approval is recorded.": (
        "سُجّلت موافقتك.",
        "ڕەزامەندییەکەت تۆمار کرا.",
        "Pejirandina te hat tomarkirin.",
    ),
    "Why you approve despite the factors shown": (
        "لماذا توافق رغم العوامل المعروضة",
        "بۆچی ڕەزامەندی دەدەیت سەرەڕای ئەو هۆکارانە",
        "Çima tu tevî faktorên xuyakirî dipejirînî",
    ),
    "Assess again": ("أعد التقييم", "دووبارە هەڵیبسەنگێنەوە", "Dîsa binirxîne"),
    "Assessed again.": ("أُعيد التقييم.", "دووبارە هەڵسەنگێنرا.", "Dîsa hat nirxandin."),
    "Search": ("بحث", "گەڕان", "Lêgerîn"),
    "New place": ("مكان جديد", "شوێنی نوێ", "Cihê nû"),
    "Name": ("الاسم", "ناو", "Nav"),
    "Names": ("الأسماء", "ناوەکان", "Nav"),
    "Kind": ("النوع", "جۆر", "Cure"),
    "Control": ("السيطرة", "کۆنترۆڵ", "Kontrol"),
    "Distance": ("المسافة", "دووری", "Dûrahî"),
    "Latitude": ("خط العرض", "هێڵی پانی", "Firehî"),
    "Longitude": ("خط الطول", "هێڵی درێژی", "Dirêjahî"),
    "Coordinates": ("الإحداثيات", "پێگەکان", "Koordînat"),
    "secret": ("سري", "نهێنی", "veşartî"),
    "Save": ("حفظ", "پاشەکەوت", "Tomar bike"),
    "Notes": ("ملاحظات", "تێبینییەکان", "Not"),
    "Status": ("الحالة", "دۆخ", "Rewş"),
    "Status history": ("سجل الحالة", "مێژووی دۆخ", "Dîroka rewşê"),
    "Change status": ("غيّر الحالة", "دۆخ بگۆڕە", "Rewşê biguherîne"),
    "New member": ("عضو جديد", "ئەندامی نوێ", "Endamê nû"),
    "New holder": ("محتجِز جديد", "ڕاگری نوێ", "Girtoxê nû"),
    "Record an incident": ("سجّل حادثة", "ڕووداوێک تۆمار بکە", "Bûyerekê tomar bike"),
    "Date": ("التاريخ", "بەروار", "Dîrok"),
    "Place": ("المكان", "شوێن", "Cih"),
    "Held by": ("محتجزة لدى", "لەلایەن ... ڕاگیراوە", "Li cem"),
    "Grade": ("التقييم", "پلە", "Pile"),
    "Corroborated": ("مؤكَّد", "پشتڕاستکراوە", "Piştrastkirî"),
    "yes": ("نعم", "بەڵێ", "erê"),
    "no": ("لا", "نەخێر", "na"),
    "Village": ("قرية", "گوند", "Gund"),
    "Town": ("بلدة", "شارۆچکە", "Bajarok"),
    "House": ("بيت", "خانوو", "Xanî"),
    "Checkpoint": ("حاجز", "بازگە", "Xala kontrolê"),
    "Crossing point": ("نقطة عبور", "خاڵی پەڕینەوە", "Xala derbasbûnê"),
    "Safe house": ("بيت آمن", "ماڵی پارێزراو", "Mala ewle"),
    "Reception point": ("نقطة استقبال", "خاڵی پێشوازی", "Xala pêşwaziyê"),
    "Hostile": ("معادية", "دوژمنکار", "Dijmin"),
    "Contested": ("متنازع عليها", "ناکۆک لەسەر", "Nakok"),
    "Safe": ("آمنة", "پارێزراو", "Ewle"),
    "Unknown": ("غير معروف", "نەزانراو", "Nenas"),
    "Active": ("نشط", "چالاک", "Çalak"),
    "Missing": ("مفقود", "ون", "Winda"),
    "Compromised": ("مكشوف", "ئاشکراکراو", "Eşkerekirî"),
    "Captured": ("أُسر", "دەستگیرکراو", "Girtî"),
    "Killed": ("قُتل", "کوژراو", "Hatiye kuştin"),
    "Trap": ("فخ", "تەڵە", "Xefik"),
    "Ambush": ("كمين", "بۆسە", "Kemîn"),
    "Arrest": ("اعتقال", "دەستگیرکردن", "Girtin"),
    "Betrayal": ("خيانة", "خیانەت", "Xiyanet"),
    "Authentication was not attempted": (
        "لم تُجرَ المصادقة",
        "پشتڕاستکردنەوە هەوڵ نەدرا",
        "Piştrastkirin nehat ceribandin",
    ),
    "Authentication failed": (
        "فشلت المصادقة",
        "پشتڕاستکردنەوە سەرنەکەوت",
        "Piştrastkirin bi ser neket",
    ),
    "The duress word was used": (
        "استُخدمت كلمة الإكراه",
        "وشەی ناچارکردن بەکارهات",
        "Peyva zorê hat bikaranîn",
    ),
    "The agreed all-clear word was not given": (
        "لم تُقل كلمة الأمان المتفق عليها",
        "وشەی ئاسایشی ڕێککەوتوو نەوترا",
        "Peyva ewlehiyê ya lihevkirî nehat gotin",
    ),
    "The request urges an immediate pick-up": (
        "الطلب يستعجل الاستلام فورًا",
        "داواکارییەکە پەلە لە وەرگرتنی خێرا دەکات",
        "Daxwaz li ser hildana tavilê israr dike",
    ),
    "The request says the holder is away": (
        "الطلب يقول إن المحتجِز غائب",
        "داواکارییەکە دەڵێت ڕاگرەکە لێرە نییە",
        "Daxwaz dibêje girtiyê wê ne li wir e",
    ),
    "Lure phrases in what she asked": (
        "عبارات استدراج فيما طلبته",
        "دەستەواژەی فریودان لە داواکەیدا",
        "Gotinên xapandinê di daxwaza wê de",
    ),
    "The phone number appears in an earlier incident": (
        "رقم الهاتف ظهر في حادثة سابقة",
        "ژمارە تەلەفۆنەکە لە ڕووداوێکی پێشوودا هەیە",
        "Hejmara telefonê di bûyereke berê de heye",
    ),
    "The location is not corroborated by an independent source": (
        "المكان غير مؤكد من مصدر مستقل",
        "شوێنەکە لەلایەن سەرچاوەیەکی سەربەخۆوە پشتڕاست نەکراوەتەوە",
        "Cih ji aliyê çavkaniyeke serbixwe ve nehatiye piştrastkirin",
    ),
    "The pick-up lies near an earlier incident": (
        "مكان الاستلام قريب من حادثة سابقة",
        "شوێنی وەرگرتن نزیکی ڕووداوێکی پێشووە",
        "Cihê hildanê nêzî bûyereke berê ye",
    ),
    "The place is linked to an earlier incident": (
        "المكان مرتبط بحادثة سابقة",
        "شوێنەکە بە ڕووداوێکی پێشووەوە بەستراوە",
        "Cih bi bûyereke berê ve girêdayî ye",
    ),
    "The holder is linked to an earlier incident": (
        "المحتجِز مرتبط بحادثة سابقة",
        "ڕاگرەکە بە ڕووداوێکی پێشووەوە بەستراوە",
        "Girtox bi bûyereke berê ve girêdayî ye",
    ),
    "Their account (opens the field page to them)": (
        "حسابه (يفتح له الصفحة الميدانية)",
        "هەژمارەکەی (پەڕەی مەیدانی بۆی دەکاتەوە)",
        "Hesabê wî (rûpela qadê jê re vedike)",
    ),
    "You have approved this request. Another coordinator must approve it too.": (
        "لقد وافقتَ على هذا الطلب. يجب أن يوافق عليه منسق آخر أيضاً.",
        "تۆ ڕەزامەندیت لەسەر ئەم داواکارییە دا. دەبێت هەماهەنگکارێکی تریش ڕەزامەندی بدات.",
        "We ev daxwaz pejirand. Divê hevrêzkerekî din jî wê bipejirîne.",
    ),
}

# Dates and numbers as people write them; service and form messages.
T.update({
    "Give the whole date as year-month-day. If only the year or the month is known, write it in the notes.": (
        "اكتب التاريخ كاملاً: السنة-الشهر-اليوم. إن كانت السنة أو الشهر فقط معروفة، فاكتبها في الملاحظات.",
        "بەرواری تەواو بنووسە: ساڵ-مانگ-ڕۆژ. ئەگەر تەنها ساڵ یان مانگ زانراوە، لە تێبینییەکاندا بینووسە.",
        "Dîroka tevahî wek sal-meh-roj binivîse. Heke tenê sal an meh tê zanîn, wê di notan de binivîse.",
    ),
    "Write the date as year-month-day, for example 2020-02-01.": (
        "اكتب التاريخ بصيغة السنة-الشهر-اليوم، مثلاً 2020-02-01.",
        "بەروار بە شێوەی ساڵ-مانگ-ڕۆژ بنووسە، بۆ نموونە 2020-02-01.",
        "Dîrokê wek sal-meh-roj binivîse, bo nimûne 2020-02-01.",
    ),
    "%(value)s is not a date.": (
        "%(value)s ليس تاريخاً صحيحاً.",
        "%(value)s بەروارێکی دروست نییە.",
        "%(value)s ne dîrokeke derbasdar e.",
    ),
    "Give the latitude.": ("أدخل خط العرض.", "هێڵی پانی بنووسە.", "Hêlîna firehiyê binivîse."),
    "The latitude must be a number.": (
        "يجب أن يكون خط العرض رقماً.",
        "هێڵی پانی دەبێت ژمارە بێت.",
        "Divê hêlîna firehiyê jimarek be.",
    ),
    "The longitude must be a number.": (
        "يجب أن يكون خط الطول رقماً.",
        "هێڵی درێژی دەبێت ژمارە بێت.",
        "Divê hêlîna dirêjiyê jimarek be.",
    ),
    "The latitude must be between -90 and 90.": (
        "يجب أن يكون خط العرض بين ‎-90 و90.",
        "هێڵی پانی دەبێت لە نێوان ‎-90 و 90 بێت.",
        "Divê hêlîna firehiyê di navbera -90 û 90 de be.",
    ),
    "The longitude must be between -180 and 180.": (
        "يجب أن يكون خط الطول بين ‎-180 و180.",
        "هێڵی درێژی دەبێت لە نێوان ‎-180 و 180 بێت.",
        "Divê hêlîna dirêjiyê di navbera -180 û 180 de be.",
    ),
    "Each channel has a kind and a value.": (
        "لكل وسيلة اتصال نوع وقيمة.",
        "هەر کەناڵێک جۆر و بەهایەکی هەیە.",
        "Her kanal xwedî cure û nirxekî ye.",
    ),
    "Unknown role; choose one of: %(choices)s.": (
        "دور غير معروف؛ اختر واحداً من: %(choices)s.",
        "ڕۆڵی نەناسراو؛ یەکێک لەمانە هەڵبژێرە: %(choices)s.",
        "Rola nenas; yekê ji van hilbijêre: %(choices)s.",
    ),
    "That codename is taken.": (
        "هذا الاسم الحركي مستخدم.",
        "ئەم ناوە نهێنییە پێشتر بەکارهاتووە.",
        "Ev navê veşartî jixwe tê bikaranîn.",
    ),
    "That account already belongs to a member.": (
        "هذا الحساب مرتبط بعضو آخر.",
        "ئەم هەژمارە پێشتر هی ئەندامێکە.",
        "Ev hesab jixwe yê endamekî ye.",
    ),
    "Unknown status; choose one of: %(choices)s.": (
        "حالة غير معروفة؛ اختر واحدة من: %(choices)s.",
        "دۆخی نەناسراو؛ یەکێک لەمانە هەڵبژێرە: %(choices)s.",
        "Rewşa nenas; yekê ji van hilbijêre: %(choices)s.",
    ),
    "Unknown kind; choose one of: %(choices)s.": (
        "نوع غير معروف؛ اختر واحداً من: %(choices)s.",
        "جۆری نەناسراو؛ یەکێک لەمانە هەڵبژێرە: %(choices)s.",
        "Cureya nenas; yekê ji van hilbijêre: %(choices)s.",
    ),
    "Enter a date as YYYY-MM-DD.": (
        "أدخل التاريخ بصيغة YYYY-MM-DD (السنة-الشهر-اليوم).",
        "بەروار بە شێوەی YYYY-MM-DD (ساڵ-مانگ-ڕۆژ) بنووسە.",
        "Dîrokê wek YYYY-MM-DD (sal-meh-roj) binivîse.",
    ),
    "Unknown control; choose one of: %(choices)s.": (
        "جهة سيطرة غير معروفة؛ اختر واحدة من: %(choices)s.",
        "دەسەڵاتی نەناسراو؛ یەکێک لەمانە هەڵبژێرە: %(choices)s.",
        "Kontrola nenas; yekê ji van hilbijêre: %(choices)s.",
    ),
    "Source reliability is a letter from A to F.": (
        "موثوقية المصدر حرف من A إلى F.",
        "متمانەپێکراوی سەرچاوە پیتێکە لە A تا F.",
        "Pêbaweriya çavkaniyê tîpek ji A heta F ye.",
    ),
    "Give exactly one source: a member or a contact.": (
        "حدّد مصدراً واحداً فقط: عضواً أو اتصالاً.",
        "تەنها یەک سەرچاوە دیاری بکە: ئەندامێک یان پەیوەندییەک.",
        "Tenê yek çavkaniyê bide: endamek an têkiliyek.",
    ),
    "Say where: a place from the gazetteer, a description or coordinates.": (
        "قل أين: مكاناً من دليل الأماكن، أو وصفاً، أو إحداثيات.",
        "بڵێ لە کوێ: شوێنێک لە ناوەڕۆکی شوێنەکان، وەسفێک یان هێڵەکانی جوگرافی.",
        "Bêje li ku: cihek ji lîsteya cihan, ravekirinek an koordînat.",
    ),
    "She cannot have been held there since a date after the report.": (
        "لا يمكن أن تكون محتجزة هناك منذ تاريخ يلي تاريخ التقرير.",
        "ناکرێت لە بەروارێکی دوای ڕاپۆرتەکەوە لەوێ ڕاگیرابێت.",
        "Ne mimkûn e ku ew ji dîrokeke piştî raporê ve li wir hatibe girtin.",
    ),
    "She cannot have been held there since before %(year)d.": ("لا يمكن أن تكون محتجزة هناك منذ ما قبل %(year)d.", "ناکرێت لە پێش %(year)d ەوە لەوێ گیرابێت.", "Ew nikare berî %(year)d li wir hatibe girtin."),
    "She cannot have been held there since before she was born (born %(born)s).": ("لا يمكن أن تكون محتجزة هناك منذ ما قبل ولادتها (مولودة %(born)s).", "ناکرێت لە پێش لەدایکبوونییەوە لەوێ گیرابێت (لەدایکبووی %(born)s).", "Ew nikare berî ku ji dayik bibe li wir hatibe girtin (ji dayik bûye %(born)s)."),
    "The corroborating report is about another person.": (
        "التقرير المؤكِّد يخص شخصاً آخر.",
        "ڕاپۆرتی پشتڕاستکەرەوە دەربارەی کەسێکی ترە.",
        "Rapora piştrastker li ser kesekî din e.",
    ),
    "That report has the same source: it is not independent.": (
        "لهذا التقرير المصدر نفسه: فهو ليس مستقلاً.",
        "ئەم ڕاپۆرتە هەمان سەرچاوەی هەیە: سەربەخۆ نییە.",
        "Çavkaniya vê raporê heman e: ne serbixwe ye.",
    ),
})

T.update({
    "Give the longitude.": ("أدخل خط الطول.", "هێڵی درێژی بنووسە.", "Hêlîna dirêjiyê binivîse."),
    "Unknown place.": ("مكان غير معروف.", "شوێنی نەناسراو.", "Cihê nenas."),
    "Unknown member.": ("عضو غير معروف.", "ئەندامی نەناسراو.", "Endamê nenas."),
    "Unknown account.": ("حساب غير معروف.", "هەژماری نەناسراو.", "Hesabê nenas."),
    "Unknown holder.": ("محتجِز غير معروف.", "ڕاگری نەناسراو.", "Girtoxê nenas."),
    "Unknown person.": ("شخص غير معروف.", "کەسی نەناسراو.", "Kesa nenas."),
    "Unknown contact.": ("اتصال غير معروف.", "پەیوەندیی نەناسراو.", "Têkiliya nenas."),
    "Unknown location report.": ("تقرير موقع غير معروف.", "ڕاپۆرتی شوێنی نەناسراو.", "Rapora cih a nenas."),
    "Unknown record.": ("سجل غير معروف.", "تۆماری نەناسراو.", "Tomara nenas."),
    "A phone number has 5 to 20 digits.": (
        "رقم الهاتف من 5 إلى 20 خانة.",
        "ژمارەی تەلەفۆن لە 5 تا 20 ژمارە پێک دێت.",
        "Jimara telefonê ji 5 heta 20 reqeman e.",
    ),
    "A phone number has at most 50 characters.": (
        "رقم الهاتف 50 حرفاً على الأكثر.",
        "ژمارەی تەلەفۆن لە 50 پیت زیاتر نییە.",
        "Jimara telefonê herî zêde 50 tîp e.",
    ),
    "A channel kind is one of: %(kinds)s.": (
        "نوع وسيلة الاتصال واحد من: %(kinds)s.",
        "جۆری کەناڵ یەکێکە لەمانە: %(kinds)s.",
        "Cureya kanalê yek ji van e: %(kinds)s.",
    ),
    "A channel value has 1 to 200 characters.": (
        "قيمة وسيلة الاتصال من 1 إلى 200 حرف.",
        "بەهای کەناڵ لە 1 تا 200 پیتە.",
        "Nirxa kanalê ji 1 heta 200 tîpan e.",
    ),
    "Give a codename.": ("أدخل اسماً حركياً.", "ناوێکی نهێنی بنووسە.", "Navekî veşartî binivîse."),
    "The member already has this status.": (
        "للعضو هذه الحالة أصلاً.",
        "ئەندامەکە پێشتر ئەم دۆخەی هەیە.",
        "Endam jixwe di vê rewşê de ye.",
    ),
    "Give at least one name or alias.": (
        "أدخل اسماً أو لقباً واحداً على الأقل.",
        "لانیکەم ناوێک یان نازناوێک بنووسە.",
        "Herî kêm navekî an nasnavekî binivîse.",
    ),
    "A name has at most 200 characters.": (
        "الاسم 200 حرف على الأكثر.",
        "ناو لە 200 پیت زیاتر نییە.",
        "Nav herî zêde 200 tîp e.",
    ),
    "Give at least one name.": ("أدخل اسماً واحداً على الأقل.", "لانیکەم ناوێک بنووسە.", "Herî kêm navekî binivîse."),
    "At most %(count)s names of up to 200 characters each.": (
        "%(count)s أسماء على الأكثر، كل منها حتى 200 حرف.",
        "زۆرترین %(count)s ناو، هەریەکەیان تا 200 پیت.",
        "Herî zêde %(count)s nav, her yek heta 200 tîpan.",
    ),
    "Information credibility is a number from 1 to 6.": (
        "مصداقية المعلومة رقم من 1 إلى 6.",
        "باوەڕپێکراوی زانیاری ژمارەیەکە لە 1 تا 6.",
        "Baweriya agahiyê jimarek ji 1 heta 6 ye.",
    ),
    "That contact is about another person.": (
        "هذا الاتصال يخص شخصاً آخر.",
        "ئەم پەیوەندییە دەربارەی کەسێکی ترە.",
        "Ev têkilî li ser kesekî din e.",
    ),
    "Children with her: a number from 0 to 30.": (
        "الأطفال معها: رقم من 0 إلى 30.",
        "منداڵەکانی لەگەڵی: ژمارەیەک لە 0 تا 30.",
        "Zarokên bi wê re: jimarek ji 0 heta 30.",
    ),
    "The report cannot be dated in the future.": (
        "لا يمكن أن يكون تاريخ التقرير في المستقبل.",
        "بەرواری ڕاپۆرت ناتوانێت لە داهاتوودا بێت.",
        "Dîroka raporê nikare di pêşerojê de be.",
    ),
})

# The place CSV import: each problem framed with its line (and the column, as the file names it).
T.update({
    "header: missing column(s) %(columns)s": (
        "سطر العناوين: أعمدة ناقصة: %(columns)s",
        "دێڕی سەرناوەکان: ئەم ستوونانە نین: %(columns)s",
        "Rêza sernavan: ev stûn tune ne: %(columns)s",
    ),
    "header: unknown column(s) %(columns)s": (
        "سطر العناوين: أعمدة غير معروفة: %(columns)s",
        "دێڕی سەرناوەکان: ستوونی نەناسراو: %(columns)s",
        "Rêza sernavan: stûnên nenas: %(columns)s",
    ),
    "more than %(count)s rows; split the file": (
        "أكثر من %(count)s صف؛ قسّم الملف",
        "زیاتر لە %(count)s ڕیز؛ فایلەکە دابەش بکە",
        "Ji %(count)s rêzan zêdetir; pelê parçe bike",
    ),
    "line %(line)s: more values than columns": (
        "السطر %(line)s: قيم أكثر من الأعمدة",
        "دێڕی %(line)s: بەهاکان لە ستوونەکان زیاترن",
        "Rêza %(line)s: ji stûnan zêdetir nirx hene",
    ),
    "line %(line)s: %(column)s: %(problem)s": (
        "السطر %(line)s، العمود %(column)s: %(problem)s",
        "دێڕی %(line)s، ستوونی %(column)s: %(problem)s",
        "Rêza %(line)s, stûna %(column)s: %(problem)s",
    ),
    "the file is not valid CSV (%(error)s)": (
        "الملف ليس CSV صالحًا (%(error)s)",
        "فایلەکە CSVی دروست نییە (%(error)s)",
        "Pel ne CSVeke derbasdar e (%(error)s)",
    ),
})

# Why a member's status changed, when an operation's end wrote it (intel/member_reasons.py).
T.update({
    "Captured on operation %(operation)s.": (
        "أُسر في العملية %(operation)s.",
        "لە ئۆپەراسیۆنی %(operation)s دەستگیرکرا.",
        "Di operasyona %(operation)s de hate girtin.",
    ),
    "Killed on operation %(operation)s.": (
        "قُتل في العملية %(operation)s.",
        "لە ئۆپەراسیۆنی %(operation)s کوژرا.",
        "Di operasyona %(operation)s de hate kuştin.",
    ),
})
