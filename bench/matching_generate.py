"""Labelled generator of cross-script family reports for the matching benchmarks.

Builds families (grandfather, his sons, their wives and children) that share
father, grandfather, clan name and home village, abducts some children, and
writes several reports per abducted person as relatives would type them: in
Arabic script, English-style Latin or Kurmanji Latin, with spelling variants,
typos, missing fields, a whole name typed into the given-name field, ages
instead of birth years and uncertain years.  Sisters and cousins in the same
file are the hard negatives.

Writes a person CSV and a truth CSV (``ref,cluster``).  Seeded and
deterministic: the same arguments always produce the same files.

    python bench/matching_generate.py --persons 2000 --seed 7 \\
        --out persons.csv --truth truth.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

REFERENCE_YEAR = 2025

Entry = tuple[str, tuple[str, ...], tuple[str, ...]]

FEMALE: list[Entry] = [
    ("ليلى", ("Layla", "Leila", "Laila", "Leyla"), ("Leyla", "Leyla", "Leila")),
    ("فاطمة", ("Fatima", "Fatma", "Fatimah", "Fatme"), ("Fetime", "Fatime", "Fatma")),
    ("جيهان", ("Jihan", "Jehan", "Jihane"), ("Cîhan", "Cihan")),
    ("نادية", ("Nadia", "Nadya", "Nadiya"), ("Nadiye", "Nadya")),
    ("زينب", ("Zainab", "Zaynab", "Zeinab"), ("Zeyneb", "Zeynep")),
    ("أمينة", ("Amina", "Aminah", "Ameena"), ("Emîne", "Amîna")),
    ("خديجة", ("Khadija", "Khadeeja", "Khadijah"), ("Xedîce", "Xedice")),
    ("عائشة", ("Aisha", "Aysha", "Aishah"), ("Eyşe", "Ayşe")),
    ("مريم", ("Maryam", "Mariam", "Meriam"), ("Meryem",)),
    ("نور", ("Nour", "Noor", "Nur"), ("Nûr", "Nur")),
    ("سميرة", ("Samira", "Sameera", "Samirah"), ("Semîre", "Samîra")),
    ("حنان", ("Hanan", "Hanaan"), ("Henan", "Hanan")),
    ("شيرين", ("Shirin", "Shireen", "Sherin"), ("Şîrîn", "Şirin")),
    ("نسرين", ("Nisreen", "Nesrine", "Nasrin"), ("Nisrîn", "Nesrîn")),
    ("رانيا", ("Rania", "Raniya", "Ranya"), ("Raniye", "Ranya")),
    ("ديلان", ("Dilan", "Deelan"), ("Dîlan", "Dilan")),
    ("هيفي", ("Hevi", "Hivi"), ("Hêvî", "Hevî")),
    ("بسمة", ("Basma", "Bassma", "Basmah"), ("Besme", "Basma")),
    ("سعاد", ("Suad", "Souad", "Su'ad"), ("Suad", "Su'ad")),
    ("هدى", ("Huda", "Houda", "Hoda"), ("Hûda", "Huda")),
    ("رشا", ("Rasha", "Racha"), ("Reşa", "Raşa")),
    ("وفاء", ("Wafa", "Wafaa"), ("Wefa", "Wafa")),
    ("سلمى", ("Salma", "Selma", "Salmah"), ("Selma",)),
    ("أسماء", ("Asma", "Asmaa", "Asmah"), ("Esma", "Asma")),
    ("جميلة", ("Jamila", "Djamila", "Jameela"), ("Cemîle", "Camila")),
    ("كلستان", ("Gulistan", "Gulestan", "Golestan"), ("Gulîstan", "Gulistan")),
    ("خالدة", ("Khalida", "Khaleda"), ("Xalide", "Xalida")),
    ("سارة", ("Sara", "Sarah"), ("Sare", "Sara")),
    ("ريم", ("Reem", "Rim", "Rima"), ("Rîm",)),
    ("رقية", ("Ruqaya", "Ruqayya", "Roqaya", "Rukia"), ("Ruqiye", "Roqiya")),
    ("شيماء", ("Shaima", "Shayma", "Shaimaa"), ("Şeyma", "Şaima")),
    ("بشرى", ("Bushra", "Boushra"), ("Buşra",)),
    ("زهراء", ("Zahraa", "Zahra"), ("Zehra",)),
    ("حياة", ("Hayat", "Hayet"), ("Heyat", "Hayat")),
    ("نجلاء", ("Najla", "Najlaa"), ("Necla", "Nejla")),
    ("إيمان", ("Iman", "Eman", "Imane"), ("Îman", "Eman")),
    ("نادين", ("Nadine", "Nadeen"), ("Nadîn",)),
    ("جنان", ("Jinan", "Janan"), ("Cinan", "Cenan")),
    ("كوثر", ("Kawthar", "Kauthar", "Kawsar"), ("Kewser", "Kewsar")),
    ("ياسمين", ("Yasmin", "Yasmeen", "Jasmin"), ("Yasemîn", "Yasmîn")),
    ("دنيا", ("Dunya", "Donia", "Dounia"), ("Dinya", "Dunya")),
    ("بيريفان", ("Berivan", "Berivan"), ("Berîvan", "Bêrîvan")),
    ("روجين", ("Rojin", "Rozhin"), ("Rojîn",)),
    ("ناز", ("Naz",), ("Naz",)),
    ("غزال", ("Ghazal", "Gazal"), ("Xezal", "Ẍezal")),
]

MALE: list[Entry] = [
    ("خليل", ("Khalil", "Khaleel", "Kalil"), ("Xelîl", "Xelil", "Khelil")),
    ("حسين", ("Hussein", "Husain", "Hussain", "Hossein"), ("Husên", "Huseyn", "Hisên")),
    ("حسن", ("Hassan", "Hasan"), ("Hesen", "Hasan")),
    ("محمد", ("Mohammed", "Muhammad", "Mohamed", "Mohammad"), ("Mihemed", "Muhemmed", "Mehmet")),
    ("أحمد", ("Ahmed", "Ahmad"), ("Ehmed", "Ahmed")),
    ("علي", ("Ali", "Aly"), ("Elî", "Alî")),
    ("عمر", ("Omar", "Umar"), ("Omer", "Umer")),
    ("يوسف", ("Yusuf", "Youssef", "Yousef", "Yousif"), ("Ûsiv", "Yûsif", "Yusif")),
    ("إبراهيم", ("Ibrahim", "Ebrahim", "Brahim"), ("Birahîm", "Îbrahîm", "Ibrahîm")),
    ("إسماعيل", ("Ismail", "Ismael", "Ismaeel"), ("Îsmaîl", "Smaîl")),
    ("محمود", ("Mahmoud", "Mahmud", "Mahmood"), ("Mehmûd", "Mahmûd")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa"), ("Mistefa", "Mustefa")),
    ("عبدالله", ("Abdullah", "Abdallah", "Abdulla"), ("Evdila", "Ebdulla", "Abdula")),
    (
        "عبد الرحمن",
        ("Abdulrahman", "Abdel Rahman", "Abd al-Rahman", "Abdurrahman"),
        ("Evdirehman", "Ebdurehman", "Abdulrehman"),
    ),
    ("عبد الكريم", ("Abdulkarim", "Abdel Karim", "Abd al-Karim"), ("Abdulkerîm", "Evdilkerîm")),
    ("جمال", ("Jamal", "Gamal", "Djamel"), ("Cemal", "Cemel")),
    ("قاسم", ("Qasim", "Kassem", "Qassim", "Kasim"), ("Qasim", "Qasm")),
    ("شريف", ("Sharif", "Sherif", "Cherif"), ("Şerîf", "Şerif")),
    ("صالح", ("Salih", "Saleh"), ("Salih", "Salîh")),
    ("خالد", ("Khalid", "Khaled"), ("Xalid", "Xaled")),
    ("سعيد", ("Saeed", "Said", "Sa'id"), ("Seîd", "Saîd")),
    ("فيصل", ("Faisal", "Faysal", "Feisal"), ("Feysel", "Faysal")),
    ("مراد", ("Murad", "Mourad", "Murat"), ("Mirad", "Murad")),
    ("ناصر", ("Nasser", "Nasir", "Naser"), ("Nasir", "Nesir")),
    ("جلال", ("Jalal", "Djalal"), ("Celal", "Celal")),
    ("رشيد", ("Rashid", "Rachid", "Rasheed"), ("Reşîd", "Reşid")),
    ("كريم", ("Karim", "Kareem"), ("Kerîm", "Kerim")),
    ("حميد", ("Hamid", "Hameed"), ("Hemîd", "Hemid")),
    ("طارق", ("Tariq", "Tarek", "Tareq"), ("Tarîq", "Tariq")),
    ("زياد", ("Ziad", "Ziyad", "Ziyaad"), ("Zîyad", "Ziyad")),
    ("بشير", ("Bashir", "Bachir", "Basheer"), ("Beşîr", "Beşir")),
    ("عيسى", ("Issa", "Isa", "Eesa"), ("Îsa", "Isa")),
    ("موسى", ("Musa", "Moussa", "Mousa"), ("Mûsa", "Musa")),
    ("سليمان", ("Suleiman", "Sulaiman", "Sleiman"), ("Silêman", "Sileyman")),
    ("داود", ("Dawood", "Dawud", "Daoud"), ("Dawid", "Dawûd")),
    ("إدريس", ("Idris", "Idrees"), ("Îdrîs", "Idrîs")),
    ("يونس", ("Younis", "Yunus", "Younes"), ("Yûnis", "Yunis")),
    ("حيدر", ("Haidar", "Haydar", "Hayder"), ("Heyder", "Heider")),
    ("كمال", ("Kamal", "Kemal"), ("Kemal",)),
    ("عدنان", ("Adnan", "Adnaan"), ("Ednan", "Adnan")),
    ("سمير", ("Samir", "Sameer"), ("Semîr", "Samîr")),
    ("وليد", ("Walid", "Waleed"), ("Welîd", "Walid")),
    ("هادي", ("Hadi", "Hady"), ("Hadî",)),
    ("شفان", ("Shivan", "Shevan"), ("Şivan", "Şîvan")),
    ("دلشاد", ("Dilshad", "Delshad"), ("Dilşad",)),
    ("آزاد", ("Azad", "Azaad"), ("Azad",)),
    ("خضر", ("Khidir", "Khider", "Khudur"), ("Xidir", "Xider")),
    ("حجي", ("Hajji", "Haji", "Hajee"), ("Hecî", "Heci")),
    ("إلياس", ("Ilyas", "Elias", "Elyas"), ("Îlyas", "Elyas")),
    ("جميل", ("Jamil", "Jameel"), ("Cemîl", "Cemil")),
    ("مروان", ("Marwan", "Merwan"), ("Merwan",)),
    ("نايف", ("Naif", "Nayef", "Nayif"), ("Nayif", "Neyif")),
    ("فرحان", ("Farhan", "Farhaan"), ("Ferhan",)),
    ("بركات", ("Barakat", "Baraket"), ("Berekat",)),
    ("درويش", ("Darwish", "Darweesh"), ("Derwêş", "Derwiş")),
    ("شيخو", ("Sheikho", "Shekho"), ("Şêxo", "Şexo")),
    ("حمو", ("Hamo", "Hammo"), ("Hemo",)),
    ("رشو", ("Rasho", "Rashu"), ("Reşo",)),
    ("قادر", ("Qadir", "Kader", "Qader"), ("Qadir", "Qedir")),
    ("عثمان", ("Othman", "Osman", "Uthman"), ("Osman", "Usman")),
]

FAMILY: list[Entry] = [
    ("الخطيب", ("Al-Khatib", "Khatib", "El Khatib"), ("Xetîb", "Xetib")),
    ("الحسني", ("Al-Hasani", "Hasani", "Hassani"), ("Hesenî", "Hesini")),
    ("حداد", ("Haddad", "Hadad"), ("Hedad", "Heddad")),
    ("نجار", ("Najjar", "Najar", "Nadjar"), ("Neccar", "Necar")),
    ("خوري", ("Khoury", "Khouri", "Khury"), ("Xûrî", "Xuri")),
    ("منصور", ("Mansour", "Mansur"), ("Mensûr", "Mensur")),
    ("الشمري", ("Al-Shammari", "Shammari", "Shamari"), ("Şemerî", "Şemmerî")),
    ("الجبوري", ("Al-Jabouri", "Jubouri", "Jabburi"), ("Cebûrî", "Cibûrî")),
    ("العبيدي", ("Al-Obaidi", "Obeidi", "Ubaidi"), ("Ubeydî", "Obeydî")),
    ("الزيباري", ("Zebari", "Zibari", "Al-Zebari"), ("Zêbarî", "Zibarî")),
    ("البرواري", ("Barwari", "Berwari"), ("Berwarî", "Barwarî")),
    ("الدوسكي", ("Doski", "Duski", "Al-Doski"), ("Doskî",)),
    ("المزوري", ("Mizouri", "Mizuri", "Mezouri"), ("Mizûrî", "Mizurî")),
    ("الهركي", ("Harki", "Herki"), ("Herkî",)),
    ("السندي", ("Sindi", "Al-Sindi"), ("Sindî", "Sîndî")),
    ("الكويي", ("Goyi", "Koyi"), ("Goyî",)),
    ("قيراني", ("Qirani", "Kirani"), ("Qîranî",)),
    ("حسكاني", ("Haskani", "Hasakani"), ("Heskanî",)),
    ("مندكاني", ("Mandikani", "Mendikani"), ("Mendikanî",)),
    ("الحاجي", ("Al-Haji", "Hajji"), ("Hecî", "Hacî")),
    ("بابير", ("Babir", "Babeer"), ("Babîr",)),
    ("الطائي", ("Al-Tai", "Taei"), ("Teyî", "Taî")),
    ("الدليمي", ("Al-Dulaimi", "Dulaimi", "Dleimi"), ("Dilêmî", "Duleymî")),
    ("شنكالي", ("Shingali", "Shengali"), ("Şengalî", "Şingalî")),
    ("خلف", ("Khalaf", "Khalef"), ("Xelef",)),
    ("بكر", ("Bakr", "Bakir", "Baker"), ("Bekir", "Bekr")),
    ("عباس", ("Abbas", "Abas"), ("Ebas", "Ebbas")),
    ("رفو", ("Raffo", "Rafo"), ("Refo",)),
    ("ملا", ("Mulla", "Mullah", "Mala"), ("Mele", "Mela")),
    ("شيخاني", ("Sheikhani", "Shekhani"), ("Şêxanî", "Şexanî")),
    ("قاسو", ("Qasso", "Kasso"), ("Qaso",)),
    ("الياس", ("Elias", "Ilyas"), ("Îlyas",)),
    ("ختاري", ("Khatari", "Khattari"), ("Xetarî",)),
    ("دخيل", ("Dakhil", "Dakheel"), ("Dexîl", "Dexil")),
    ("علو", ("Alo", "Allo"), ("Elo",)),
    ("تمو", ("Tammo", "Tamo"), ("Temo",)),
]

PLACES: list[Entry] = [
    ("كوجو", ("Kocho", "Kojo", "Kucho"), ("Koço", "Kocho")),
    ("تل قصب", ("Tel Qasab", "Tal Qasab", "Tel Kasab"), ("Til Qesab", "Girê Qesab")),
    ("حردان", ("Hardan", "Herdan"), ("Herdan",)),
    ("سنوني", ("Sinune", "Snuny", "Sinuni"), ("Sinûnê", "Snûnê")),
    ("خانصور", ("Khanasor", "Khanasour", "Khansour"), ("Xanesor", "Xanasor")),
    ("بعشيقة", ("Bashiqa", "Baashiqa", "Bashika"), ("Başîqa", "Beşîqa")),
    ("بحزاني", ("Bahzani", "Bahzane"), ("Behzanî",)),
    ("تلعفر", ("Tal Afar", "Tel Afar", "Tall Afar"), ("Telafer", "Til Efer")),
    ("سنجار", ("Sinjar", "Shingal", "Sinjaar"), ("Şingal", "Şengal")),
    ("دهوك", ("Duhok", "Dohuk", "Dahuk"), ("Dihok", "Duhok")),
    ("زاخو", ("Zakho", "Zakhu"), ("Zaxo",)),
    ("القحطانية", ("Qahtaniya", "Al-Qahtaniya"), ("Qehtaniye", "Tilezêr")),
    ("كرزرك", ("Gir Zerik", "Girzerik"), ("Girzerik", "Gir Zêrik")),
    ("صولاغ", ("Solagh", "Sulagh"), ("Solax", "Sola")),
    ("جدالة", ("Jiddala", "Jidala"), ("Cidala", "Ciddala")),
    ("دوكري", ("Dugure", "Dukri"), ("Dugirê",)),
    ("الخانصور", ("Al-Khansour",), ("Xansor",)),
    ("كابارا", ("Kabara", "Gabara"), ("Kabare",)),
    ("حمدانية", ("Hamdaniya", "Hamdaniyah"), ("Hemdaniye",)),
    ("شاريا", ("Sharya", "Shariya"), ("Şarya", "Şariya")),
    ("خانكي", ("Khanke", "Khanki"), ("Xanke", "Xankê")),
    ("زمار", ("Zummar", "Zumar"), ("Zimar",)),
]


# Phonemes for synthetic names: (Arabic letter, English spellings, Kurmanji spellings).
_CONSONANTS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("ب", ("b",), ("b",)),
    ("ت", ("t",), ("t",)),
    ("ج", ("j", "dj"), ("c",)),
    ("ح", ("h",), ("h",)),
    ("خ", ("kh",), ("x",)),
    ("د", ("d",), ("d",)),
    ("ر", ("r",), ("r",)),
    ("ز", ("z",), ("z",)),
    ("س", ("s",), ("s",)),
    ("ش", ("sh", "ch"), ("ş",)),
    ("ف", ("f",), ("f",)),
    ("ق", ("q", "k"), ("q",)),
    ("ك", ("k",), ("k",)),
    ("ل", ("l",), ("l",)),
    ("م", ("m",), ("m",)),
    ("ن", ("n",), ("n",)),
    ("غ", ("gh",), ("x", "ẍ")),
    ("ص", ("s",), ("s",)),
    ("ط", ("t",), ("t",)),
    ("و", ("w",), ("w",)),
    ("ي", ("y",), ("y",)),
]
# (Arabic, English, Kurmanji) for short and long vowels.
_SHORT = [("", ("a", "e"), ("e", "a")), ("", ("i", "e"), ("i",)), ("", ("u", "o"), ("u", "i"))]
_LONG = [("ا", ("a", "aa"), ("a",)), ("ي", ("i", "ee"), ("î",)), ("و", ("u", "ou", "oo"), ("û",))]


def synthetic_entries(rng: random.Random, count: int, female: bool) -> list[Entry]:
    """Pronounceable invented names rendered in all three scripts.

    Used only to give large benchmark populations a realistic number of
    distinct names; every spelling follows a common convention of its script.
    """
    entries: list[Entry] = []
    seen: set[str] = set()
    while len(entries) < count:
        n_syll = rng.choice([2, 2, 3])
        ar, en_opts, ku_opts = "", [""], [""]
        for k in range(n_syll):
            c_ar, c_en, c_ku = rng.choice(_CONSONANTS)
            v_ar, v_en, v_ku = rng.choice(_LONG if rng.random() < 0.4 else _SHORT)
            ar += c_ar + v_ar
            en_opts = [e + rng.choice(c_en) + rng.choice(v_en) for e in en_opts * 2][:3]
            ku_opts = [e + rng.choice(c_ku) + rng.choice(v_ku) for e in ku_opts * 2][:2]
            if k == n_syll - 1:
                c_ar, c_en, c_ku = rng.choice(_CONSONANTS[:18])
                ar += c_ar
                en_opts = [e + c_en[0] for e in en_opts]
                ku_opts = [e + c_ku[0] for e in ku_opts]
        if female:
            ar += "ة"
            en_opts = [e + "a" for e in en_opts]
            ku_opts = [e + "e" for e in ku_opts]
        if ar in seen:
            continue
        seen.add(ar)
        entries.append(
            (ar, tuple(e.capitalize() for e in en_opts), tuple(e.capitalize() for e in ku_opts))
        )
    return entries


def extend_lexicon(extra: int, seed: int) -> None:
    """Add ``extra`` synthetic names to each list (for large populations)."""
    rng = random.Random(seed * 7919 + 1)
    FEMALE.extend(synthetic_entries(rng, extra, True))
    MALE.extend(synthetic_entries(rng, extra, False))
    FAMILY.extend(synthetic_entries(rng, extra, False))
    PLACES.extend(synthetic_entries(rng, extra // 4, False))


@dataclass(frozen=True)
class Person:
    pid: int
    sex: str
    given: int
    father: int
    grandfather: int
    family: int
    mother: int
    birth_year: int
    place: int


COLUMNS = [
    "ref",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_year",
    "home_place",
]
_SEX_WORDS = {
    "ar": {"f": ["أنثى", "انثى", "F"], "m": ["ذكر", "M"]},
    "en": {"f": ["f", "F", "female", "Female"], "m": ["m", "M", "male"]},
    "ku": {"f": ["mê", "Mê", "f"], "m": ["nêr", "mêr", "m"]},
}
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _families(rng: random.Random, n_persons: int) -> list[Person]:
    """Make clans until ``n_persons`` abducted persons exist."""
    persons: list[Person] = []
    while len(persons) < n_persons:
        family = rng.randrange(len(FAMILY))
        place = rng.randrange(len(PLACES))
        grandfather = rng.randrange(len(MALE))
        sons = rng.sample([i for i in range(len(MALE)) if i != grandfather], rng.randint(1, 3))
        cousin_names: list[tuple[str, int]] = []
        for son in sons:
            mother = rng.randrange(len(FEMALE))
            used: set[tuple[str, int]] = set()
            for _ in range(rng.randint(1, 5)):
                sex = rng.choice("ffm")  # abductions targeted women and girls
                if cousin_names and rng.random() < 0.15:
                    # cousins named after the same grandparent
                    s, g = rng.choice(cousin_names)
                    sex = s
                else:
                    pool = FEMALE if sex == "f" else MALE
                    g = rng.randrange(len(pool))
                if (sex, g) in used or (sex == "m" and g in (son, grandfather)):
                    continue
                used.add((sex, g))
                cousin_names.append((sex, g))
                if rng.random() < 0.6:
                    persons.append(
                        Person(
                            len(persons),
                            sex,
                            g,
                            son,
                            grandfather,
                            family,
                            mother,
                            rng.randint(1975, 2016),
                            place,
                        )
                    )
    return persons[:n_persons]


def _typo(rng: random.Random, text: str, arabic: bool) -> str:
    if len(text) < 3:
        return text
    letters = _ARABIC_LETTERS if arabic else _LATIN_LETTERS
    i = rng.randrange(1, len(text))
    op = rng.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + rng.choice(letters) + text[i + 1 :]
    if op == 2 and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i] + text[i:]


def _render(rng: random.Random, entry: Entry, script: str, typo_rate: float) -> str:
    arabic, english, kurmanji = entry
    if script == "ar":
        text = arabic
    elif script == "en":
        text = rng.choice(english)
    else:
        text = rng.choice(kurmanji)
    if script != "en" and rng.random() < 0.3 and script == "ar":
        text = text.replace("ة", "ه").replace("ى", "ي").replace("أ", "ا").replace("إ", "ا")
    if rng.random() < typo_rate:
        text = _typo(rng, text, script == "ar")
    if script == "en" and rng.random() < 0.2:
        text = text.upper() if rng.random() < 0.3 else text.lower()
    return text


def _birth(rng: random.Random, year: int, script: str, reference_year: int) -> str:
    r = rng.random()
    if r < 0.12:
        return ""
    if r < 0.50:
        return str(year)
    if r < 0.68:
        shown = year + rng.randint(-2, 2)
        word = {"ar": "حوالي", "en": "about", "ku": "nêzîkî"}[script]
        return rng.choice([f"{word} {shown}", f"{shown}?", f"~{shown}"])
    age = reference_year - year + rng.choice([-1, 0, 0, 1])
    if rng.random() < 0.4:
        age += rng.randint(-2, 2)
        word = {"ar": "حوالي", "en": "about", "ku": "nêzîkî"}[script]
        return f"{word} {age}"
    return str(age)


_MISSING = {
    "father": 0.10,
    "grandfather": 0.35,
    "family": 0.20,
    "mother": 0.35,
    "sex": 0.15,
    "place": 0.25,
    "given": 0.02,
}


def _report(rng: random.Random, p: Person, ref: str, reference_year: int) -> dict[str, str]:
    script = rng.choices(["ar", "en", "ku"], weights=[35, 40, 25])[0]

    def pick(field: str, entry: Entry) -> str:
        if rng.random() < _MISSING[field]:
            return ""
        s = script if rng.random() > 0.1 else rng.choice(["ar", "en", "ku"])
        return _render(rng, entry, s, 0.07)

    given_pool = FEMALE if p.sex == "f" else MALE
    row = {
        "ref": ref,
        "given_name": pick("given", given_pool[p.given]),
        "father_name": pick("father", MALE[p.father]),
        "grandfather_name": pick("grandfather", MALE[p.grandfather]),
        "family_name": pick("family", FAMILY[p.family]),
        "mother_name": pick("mother", FEMALE[p.mother]),
        "sex": "" if rng.random() < _MISSING["sex"] else rng.choice(_SEX_WORDS[script][p.sex]),
        "birth_year": _birth(rng, p.birth_year, script, reference_year),
        "home_place": pick("place", PLACES[p.place]),
    }
    if rng.random() < 0.08:
        # the whole name typed into one field, in one script
        parts = [
            _render(rng, given_pool[p.given], script, 0.03),
            _render(rng, MALE[p.father], script, 0.03),
        ]
        if rng.random() < 0.5:
            parts.append(_render(rng, MALE[p.grandfather], script, 0.03))
        parts.append(_render(rng, FAMILY[p.family], script, 0.03))
        row["given_name"] = " ".join(parts)
        row["father_name"] = row["grandfather_name"] = row["family_name"] = ""
    return row


def generate(
    n_persons: int, seed: int, reference_year: int = REFERENCE_YEAR, extra_names: int = 0
) -> tuple[list[dict[str, str]], list[tuple[str, int]]]:
    """Return (person CSV rows, (ref, cluster) truth) for ``n_persons`` people.

    ``extra_names`` adds that many synthetic names per name list, so that a
    large population does not consist mostly of exact namesakes.
    """
    if extra_names:
        extend_lexicon(extra_names, seed)
    rng = random.Random(seed)
    persons = _families(rng, n_persons)
    rows: list[dict[str, str]] = []
    truth: list[tuple[str, int]] = []
    for p in persons:
        n_reports = rng.choices([1, 2, 3, 4], weights=[25, 40, 25, 10])[0]
        for _ in range(n_reports):
            ref = f"R{seed}-{len(rows):07d}"
            rows.append(_report(rng, p, ref, reference_year))
            truth.append((ref, p.pid))
    order = list(range(len(rows)))
    rng.shuffle(order)
    return [rows[i] for i in order], [truth[i] for i in order]


def true_pairs(truth: list[tuple[str, int]]) -> set[tuple[str, str]]:
    by_cluster: dict[int, list[str]] = {}
    for ref, cluster in truth:
        by_cluster.setdefault(cluster, []).append(ref)
    pairs: set[tuple[str, str]] = set()
    for refs in by_cluster.values():
        refs.sort()
        for i, a in enumerate(refs):
            for b in refs[i + 1 :]:
                pairs.add((a, b))
    return pairs


def write(
    rows: list[dict[str, str]],
    truth: list[tuple[str, int]],
    out: Path,
    truth_path: Path,
) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    with truth_path.open("w", encoding="utf-8", newline="") as fh:
        tw = csv.writer(fh)
        tw.writerow(["ref", "cluster"])
        tw.writerows(truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2000, help="number of distinct people")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference-year", type=int, default=REFERENCE_YEAR)
    parser.add_argument(
        "--extra-names",
        type=int,
        default=0,
        help="synthetic names added per list (for large populations)",
    )
    parser.add_argument("--out", type=Path, required=True, help="person CSV to write")
    parser.add_argument("--truth", type=Path, required=True, help="truth CSV (ref,cluster)")
    args = parser.parse_args(argv)
    rows, truth = generate(args.persons, args.seed, args.reference_year, args.extra_names)
    write(rows, truth, args.out, args.truth)
    print(
        f"{len(rows)} reports of {args.persons} people, {len(true_pairs(truth))} true pairs",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
