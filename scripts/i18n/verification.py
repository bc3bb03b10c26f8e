"""Verification: the trap check's look-back window, evidence sentences, request pages."""

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "Days before the request in which any contact with the duress word or a failed authentication counts": (
        "عدد الأيام قبل الطلب التي يُحتسب فيها أي اتصال استُخدمت فيه كلمة الإكراه أو فشل فيه التحقق",
        "ژمارەی ئەو ڕۆژانەی پێش داواکارییەکە کە هەر پەیوەندییەک وشەی ناچارکردنی تێدا بەکارهاتبێت یان ناسینەوەی تێدا سەرنەکەوتبێت هەژمار دەکرێت",
        "Rojên berî daxwazê ku tê de her têkiliyek bi peyva zorê an bi naskirineke têkçûyî tê hesibandin",
    ),
    "Not shared with you": ("غير مشارَك معك", "لەگەڵت هاوبەش نەکراوە", "Bi te re nehatiye parvekirin"),
}
