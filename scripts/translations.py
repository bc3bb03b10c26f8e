"""Fill the Arabic, Sorani and Kurmanji catalogues from the table below and compile them.

The table is the reviewed source of the translations; run this after `makemessages` and
commit both the .po and the compiled .mo files (so installs need no gettext tools).
Usage: python scripts/translations.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "safepassage" / "locale"

# msgid: (Arabic, Central Kurdish/Sorani, Kurmanji)
T: dict[str, tuple[str, str, str]] = {
    "Dashboard": ("لوحة المتابعة", "داشبۆرد", "Panela kar"),
    "Accounts": ("الحسابات", "هەژمارەکان", "Hesab"),
    "Audit log": ("سجل التدقيق", "تۆماری وردبینی", "Tomara kontrolê"),
    "Settings": ("الإعدادات", "ڕێکخستنەکان", "Mîheng"),
    "Enter the six digits your authenticator shows.": (
        "أدخل الأرقام الستة التي يعرضها تطبيق المصادقة.",
        "ئەو شەش ژمارەیە بنووسە کە بەرنامەی پشتڕاستکردنەوەکەت نیشانی دەدات.",
        "Şeş hejmarên ku sepana te ya piştrastkirinê nîşan dide binivîse.",
    ),
    "Codename": ("الاسم الرمزي", "ناوی نهێنی", "Navê veşartî"),
    "Use 2 to 64 letters, digits, dots, dashes or underscores.": (
        "استخدم من 2 إلى 64 حرفًا أو رقمًا أو نقطة أو شرطة.",
        "لە ٢ تا ٦٤ پیت، ژمارە، خاڵ یان هێڵ بەکاربهێنە.",
        "Ji 2 heta 64 tîp, hejmar, xal an xêzikan bi kar bîne.",
    ),
    "Role": ("الدور", "ڕۆڵ", "Rol"),
    "First password": ("كلمة المرور الأولى", "یەکەم وشەی نهێنی", "Şîfreya yekem"),
    "Sign-in failed. Check your codename, password and code, or try again later.": (
        "تعذّر تسجيل الدخول. تحقّق من الاسم الرمزي وكلمة المرور والرمز، أو حاول لاحقًا.",
        "چوونەژوورەوە سەرنەکەوت. ناوی نهێنی، وشەی نهێنی و کۆدەکە بپشکنە، یان دواتر هەوڵ بدەوە.",
        "Têketin bi ser neket. Navê veşartî, şîfre û kodê kontrol bike, an paşê dîsa biceribîne.",
    ),
    "That is not your current password.": (
        "هذه ليست كلمة مرورك الحالية.",
        "ئەمە وشەی نهێنیی ئێستات نییە.",
        "Ev ne şîfreya te ya niha ye.",
    ),
    "Saved.": ("تم الحفظ.", "پاشەکەوت کرا.", "Hat tomarkirin."),
    "Alert acknowledged.": (
        "تم تأكيد استلام التنبيه.",
        "ئاگادارکردنەوەکە وەرگیرا.",
        "Hişyarî hat pejirandin.",
    ),
    "Not allowed": ("غير مسموح", "ڕێگەپێنەدراو", "Destûr nîne"),
    "The form expired or was not sent from this site. Go back, reload the page and try again.": (
        "انتهت صلاحية النموذج أو لم يُرسل من هذا الموقع. ارجع وأعد تحميل الصفحة وحاول مجددًا.",
        "فۆرمەکە بەسەرچووە یان لەم ماڵپەڕەوە نەنێردراوە. بگەڕێوە، پەڕەکە نوێ بکەرەوە و دووبارە هەوڵ بدە.",
        "Form qediya an ji vê malperê nehat şandin. Vegere, rûpelê nû bike û dîsa biceribîne.",
    ),
    "Not found": ("غير موجود", "نەدۆزرایەوە", "Nehat dîtin"),
    "There is nothing here, or you do not have access to it.": (
        "لا يوجد شيء هنا، أو ليس لديك صلاحية الوصول إليه.",
        "هیچ شتێک لێرە نییە، یان دەستت پێی ناگات.",
        "Li vir tiştek tune, an jî gihîştina te jê re tune.",
    ),
    "Sign in": ("تسجيل الدخول", "چوونەژوورەوە", "Têkeve"),
    "Safe Passage": ("الممر الآمن", "ڕێگەی سەلامەت", "Rêya Ewle"),
    "Password": ("كلمة المرور", "وشەی نهێنی", "Şîfre"),
    "Continue": ("متابعة", "بەردەوامبە", "Bidomîne"),
    "Account settings": ("إعدادات الحساب", "ڕێکخستنەکانی هەژمار", "Mîhengên hesabê"),
    "Change password": ("تغيير كلمة المرور", "گۆڕینی وشەی نهێنی", "Şîfreyê biguherîne"),
    "Current password": ("كلمة المرور الحالية", "وشەی نهێنیی ئێستا", "Şîfreya niha"),
    "New password": ("كلمة المرور الجديدة", "وشەی نهێنیی نوێ", "Şîfreya nû"),
    "Save": ("حفظ", "پاشەکەوت", "Tomar bike"),
    "Duress password": ("كلمة مرور الإكراه", "وشەی نهێنیی ناچاری", "Şîfreya bi zorê"),
    "If you are ever forced to sign in, use this password instead. You will see an empty account, your real account will be locked, and coordinators will be warned without any sign on your screen.": (
        "إذا أُجبرت يومًا على تسجيل الدخول فاستخدم كلمة المرور هذه. سترى حسابًا فارغًا، وسيُقفل حسابك الحقيقي، وسيُنبَّه المنسقون دون أي إشارة على شاشتك.",
        "ئەگەر هەرگیز ناچار کرایت بچیتە ژوورەوە، ئەم وشە نهێنییە بەکاربهێنە. هەژمارێکی بەتاڵ دەبینیت، هەژمارە ڕاستەقینەکەت قفڵ دەکرێت و هەماهەنگکاران بێ هیچ نیشانەیەک لەسەر شاشەکەت ئاگادار دەکرێنەوە.",
        "Heke tu carekê bi zorê neçar bî ku têkevî, vê şîfreyê bi kar bîne. Tu dê hesabekî vala bibînî, hesabê te yê rast dê were girtin û hevrêzker bêyî nîşanekê li ser ekrana te dê werin agahdarkirin.",
    ),
    "State": ("الحالة", "دۆخ", "Rewş"),
    "Locked": ("مقفل", "قفڵکراو", "Girtî"),
    "Inactive": ("غير نشط", "ناچالاک", "Neçalak"),
    "Active": ("نشط", "چالاک", "Çalak"),
    "Unlock": ("فتح القفل", "کردنەوەی قفڵ", "Veke"),
    "Lock": ("قفل", "قفڵکردن", "Bigire"),
    "No accounts.": ("لا توجد حسابات.", "هیچ هەژمارێک نییە.", "Hesab tune."),
    "New account": ("حساب جديد", "هەژماری نوێ", "Hesabê nû"),
    "Create": ("إنشاء", "دروستکردن", "Biafirîne"),
    "Give these to the new member, once": (
        "سلّم هذه إلى العضو الجديد مرة واحدة",
        "ئەمانە یەک جار بدە بە ئەندامە نوێیەکە",
        "Van carekê bide endamê nû",
    ),
    "Authenticator secret": ("سرّ تطبيق المصادقة", "نهێنیی پشتڕاستکەرەوە", "Sirra piştrastker"),
    "Enter code": ("أدخل الرمز", "کۆد بنووسە", "Kodê binivîse"),
    "Enter the code from your authenticator": (
        "أدخل الرمز من تطبيق المصادقة",
        "کۆدەکە لە پشتڕاستکەرەوەکەتەوە بنووسە",
        "Kodê ji piştrastkera xwe binivîse",
    ),
    "Six-digit code": ("رمز من ستة أرقام", "کۆدی شەش ژمارەیی", "Koda şeş hejmarî"),
    "Start again": ("ابدأ من جديد", "دووبارە دەستپێبکەوە", "Ji nû ve dest pê bike"),
    "Verify the whole chain": (
        "تحقق من السلسلة كاملة",
        "هەموو زنجیرەکە بپشکنە",
        "Hemû zincîrê kontrol bike",
    ),
    "The chain of %(n)s events is intact.": (
        "سلسلة الأحداث البالغ عددها %(n)s سليمة.",
        "زنجیرەی %(n)s ڕووداو تەواو و دروستە.",
        "Zincîra %(n)s bûyeran saxlem e.",
    ),
    "The chain is broken at event %(seq)s:": (
        "السلسلة مكسورة عند الحدث %(seq)s:",
        "زنجیرەکە لە ڕووداوی %(seq)s پچڕاوە:",
        "Zincîr li bûyera %(seq)s şikestî ye:",
    ),
    "Time": ("الوقت", "کات", "Dem"),
    "Actor": ("المنفّذ", "ئەنجامدەر", "Kirdar"),
    "Action": ("الإجراء", "کردار", "Çalakî"),
    "Record": ("السجل", "تۆمار", "Tomar"),
    "Older": ("أقدم", "کۆنتر", "Kevintir"),
    "Main": ("الرئيسية", "سەرەکی", "Sereke"),
    "Language": ("اللغة", "زمان", "Ziman"),
    "Go": ("انتقال", "بڕۆ", "Biçe"),
    "Sign out": ("تسجيل الخروج", "چوونەدەرەوە", "Derkeve"),
    "Alerts": ("التنبيهات", "ئاگادارکردنەوەکان", "Hişyarî"),
    "Your role": ("دورك", "ڕۆڵەکەت", "Rola te"),
    "Nothing is assigned to you yet.": (
        "لم يُسند إليك شيء بعد.",
        "هێشتا هیچ شتێکت پێ نەسپێردراوە.",
        "Hêj tiştek ji te re nehatiye spartin.",
    ),
    "What was done": ("ما الذي تم", "چی کرا", "Çi hat kirin"),
    "Acknowledge": ("تأكيد الاستلام", "وەرگرتن", "Bipejirîne"),
    "No open alerts.": (
        "لا توجد تنبيهات مفتوحة.",
        "هیچ ئاگادارکردنەوەیەکی کراوە نییە.",
        "Hişyariya vekirî tune.",
    ),
    "Coordinator": ("منسّق", "هەماهەنگکار", "Hevrêzker"),
    "Caseworker": ("مسؤول حالة", "کارمەندی کەیس", "Karmendê dozê"),
    "Family liaison": ("منسّق الاتصال بالعائلة", "پەیوەندیکاری خێزان", "Girêdana malbatê"),
    "Field member": ("عضو ميداني", "ئەندامی مەیدانی", "Endamê qadê"),
    "Analyst": ("محلّل", "شیکەرەوە", "Analîstek"),
    "Auditor": ("مدقّق", "وردبین", "Kontrolker"),
    "Administrator": ("مدير الحسابات", "بەڕێوەبەر", "Rêveber"),
    "Duress login": ("دخول تحت الإكراه", "چوونەژوورەوەی ناچاری", "Têketina bi zorê"),
    "Overdue check-in": ("تأخّر تسجيل الحضور", "پشکنینی دواکەوتوو", "Raporeke dereng"),
    "Duress check-in": ("تسجيل حضور تحت الإكراه", "پشکنینی ناچاری", "Raporeke bi zorê"),
    "Danger": ("خطر", "مەترسی", "Xeter"),
    "Approval needed": ("بحاجة إلى موافقة", "پێویستی بە ڕەزامەندی هەیە", "Pejirandin pêwîst e"),
    "Operation outcome": ("نتيجة العملية", "ئەنجامی ئۆپەراسیۆن", "Encama operasyonê"),
}

LANGS = {"ar": 0, "ckb": 1, "kmr": 2}


def main() -> int:
    missing: list[str] = []
    for lang, column in LANGS.items():
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.msgid in T:
                entry.msgstr = T[entry.msgid][column]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not entry.msgstr:
                missing.append(f"{lang}: {entry.msgid}")
        catalogue.metadata["Language"] = lang
        catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalogue.save(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    for line in missing:
        print("untranslated", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
