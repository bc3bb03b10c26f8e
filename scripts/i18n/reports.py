"""Statistics pages and public exports."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "Open operations": ("العمليات الجارية", "ئۆپەراسیۆنە کراوەکان", "Operasyonên vekirî"),
    "Statistics": ("الإحصاءات", "ئامارەکان", "Statîstîk"),
    "Persons by status": ("الأشخاص حسب الحالة", "کەسەکان بەپێی دۆخ", "Kes li gorî rewşê"),
    "Reported": ("مُبلَّغ عنهم", "ڕاپۆرتکراو", "Hatine ragihandin"),
    "Located": ("حُدِّد مكانهم", "شوێن دۆزراوە", "Cih hat dîtin"),
    "Rescued": ("أُنقِذوا", "ڕزگارکراو", "Hatine rizgarkirin"),
    "Reunited": ("لُمّ شملهم", "گەڕاونەتەوە بۆ خێزان", "Gihîştine malbatê"),
    "Persons": ("الأشخاص", "کەسەکان", "Kes"),
    "Month": ("الشهر", "مانگ", "Meh"),
    "Per month": ("شهريًا", "بە مانگ", "Her meh"),
    "Public exports": ("التصديرات العامة", "هەناردەی گشتی", "Derxistinên giştî"),
    "persons recorded": ("شخصًا مسجّلًا", "کەسی تۆمارکراو", "kesên tomarkirî"),
    "Median days from report to rescue": (
        "الوسيط بالأيام من البلاغ إلى الإنقاذ",
        "ناوەندی ڕۆژەکان لە ڕاپۆرتەوە تا ڕزگارکردن",
        "Navîniya rojan ji ragihandinê heta rizgarkirinê",
    ),
    "Median days from rescue to reunion": (
        "الوسيط بالأيام من الإنقاذ إلى لمّ الشمل",
        "ناوەندی ڕۆژەکان لە ڕزگارکردنەوە تا گەڕانەوە بۆ خێزان",
        "Navîniya rojan ji rizgarkirinê heta gihîştina malbatê",
    ),
    "Open alerts": ("تنبيهات مفتوحة", "ئاگادارکردنەوە کراوەکان", "Hişyariyên vekirî"),
    "Counts below 5, and counts that could be worked out from totals, are withheld.": (
        "الأعداد الأقل من 5، والأعداد التي يمكن استنتاجها من المجاميع، محجوبة.",
        "ژمارەکانی خوار ٥، و ئەو ژمارانەی لە کۆکانەوە دەدۆزرێنەوە، شاردراونەتەوە.",
        "Hejmarên di bin 5an de, û yên ku ji berhevokan dikarin bên dîtin, nayên nîşandan.",
    ),
    "withheld": ("محجوب", "شاردراوە", "veşartî"),
    "Counts below 5, and counts that could be worked out from totals, are withheld here as in the public exports: only coordinators see every figure.": (
        "الأعداد الأقل من 5، والأعداد التي يمكن استنتاجها من المجاميع، محجوبة هنا كما في التصدير العام: المنسقون وحدهم يرون كل الأرقام.",
        "ژمارەکانی خوار ٥، و ئەو ژمارانەی لە کۆکانەوە دەدۆزرێنەوە، لێرە وەک لە هەناردەی گشتیدا شاردراونەتەوە: تەنها ڕێکخەرەکان هەموو ژمارەکان دەبینن.",
        "Hejmarên di bin 5an de, û yên ku ji berhevokan dikarin bên dîtin, li vir wek di derxistinên giştî de nayên nîşandan: tenê koordînator hemû hejmaran dibînin.",
    ),
    "Reported, located, rescued and reunited per month": (
        "المُبلَّغ عنهم، ومن حُدِّد مكانهم، والمُنقَذون، ومن لُمّ شملهم، شهريًا",
        "ڕاپۆرتکراو، شوێن دۆزراوە، ڕزگارکراو و گەڕاوە بۆ خێزان، بە مانگ",
        "Hatine ragihandin, cih hat dîtin, hatine rizgarkirin û gihîştine malbatê, her meh",
    ),
}
