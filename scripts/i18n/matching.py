"""Matching: how a match's evidence names each level of agreement."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "identical": ("متطابق", "وەک یەک", "Wek hev"),
    "the same, spelled differently": (
        "الاسم نفسه بكتابة مختلفة",
        "هەمان ناو، بە نووسینێکی جیاواز",
        "Heman nav, bi rênivîseke din",
    ),
    "close spelling": ("كتابة قريبة", "نووسینی نزیک", "Rênivîsa nêzîk"),
    "similar sound": ("لفظ مشابه", "دەنگی هاوشێوە", "Dengê nêzîk"),
    "partly the same": ("متطابق جزئيًا", "بەشێکی وەک یەکە", "Hinekî wek hev"),
    "different": ("مختلف", "جیاواز", "Cuda"),
    "the same": ("نفسه", "هەمان", "Heman"),
    "the same date": ("التاريخ نفسه", "هەمان بەروار", "Heman dîrok"),
    "close dates": ("تاريخان متقاربان", "بەرواری نزیک لە یەک", "Dîrokên nêzîkî hev"),
    "the same year": ("السنة نفسها", "هەمان ساڵ", "Heman sal"),
    "within the years given": (
        "ضمن السنوات المذكورة",
        "لەناو ئەو ساڵانەی دراون",
        "Di nav salên hatine dayîn de",
    ),
    "a few years apart": ("بفارق بضع سنوات", "چەند ساڵێک جیاوازی", "Çend sal ji hev dûr"),
    "far apart": ("متباعدان", "زۆر دوور لە یەک", "Pir ji hev dûr"),
    "not given": ("غير مذكور", "نەدراوە", "Nehatiye dayîn"),
}
