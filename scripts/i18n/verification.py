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
    "after a new location report": ("بعد تقرير موقع جديد", "دوای ڕاپۆرتێکی نوێی شوێن", "piştî rapora cihekî nû"),
    "after a member's status changed": ("بعد تغيّر حالة عضو", "دوای گۆڕانی دۆخی ئەندامێک", "piştî ku rewşa endamekî guherî"),
    "after a new incident": ("بعد حادثة جديدة", "دوای ڕووداوێکی نوێ", "piştî bûyereke nû"),
    "after a place's control changed": ("بعد تغيّر السيطرة على مكان", "دوای گۆڕانی دەسەڵات بەسەر شوێنێکدا", "piştî ku kontrola cihekî guherî"),
}
