"""Names known not to be countries: refused with their reason, never taken for a typo.

People the sources name, Iraq's own groups that they do not name, regions, and former
states that merged or dissolved. A former state that was renamed, or continues in one
successor, is not here: it answers its successor (world.py, "former names"). Places
(subdivisions, cities, M49 regions) come from a generated file (places.py).
"""

from __future__ import annotations

from functools import cache

# Reason -> names. Each person is named in a source (a test checks it); Maliki and
# al-Sudani are not here: codebook rule R1 makes Iraq's prime minister Baghdad's actor.
PEOPLE: dict[str, tuple[str, ...]] = {
    "Bashar al-Assad, Syria's president, is a person; the sources' 'Assad regime' is Syria": (
        "Assad", "al-Assad", "Bashar al-Assad", "Bashar Assad", "الأسد", "بشار الأسد",
    ),
    "Mohamed Morsi, Egypt's president until July 2013, is a person": (
        "Morsi", "Mohamed Morsi", "Mohammed Morsi", "Muhammad Morsi", "مرسي", "محمد مرسي",
    ),
    "Vladimir Putin, Russia's president, is a person": (
        "Putin", "Vladimir Putin", "بوتين", "فلاديمير بوتين",
    ),
    "Ayad Allawi, leader of the Iraqiyya bloc, is a person": (
        "Allawi", "Ayad Allawi", "Iyad Allawi", "علاوي", "إياد علاوي",
    ),
    "Saddam Hussein, Iraq's ruler until 2003, is a person": (
        "Saddam", "Saddam Hussein", "صدام", "صدام حسين",
    ),
    "George W. Bush, the U.S. president of the 2003 war, is a person": (
        "Bush", "George W. Bush", "George Bush", "بوش", "جورج بوش",
    ),
}  # fmt: skip

# Iraq's own groups that the sources never name, so none is a mentioned name (X1 needs a
# quote), and none is an actor alias: each is not the actor of codebook R1 it sits beside.
IRAQI_GROUPS: dict[str, tuple[str, ...]] = {
    "the Popular Mobilization Forces, an Iraqi state body that the sources do not name; its "
    "Iranian-backed factions are the actor 'militias', the whole body is not (codebook R1); "
    "not in the dataset": (
        "Popular Mobilization Forces", "Popular Mobilisation Forces", "PMF", "PMU",
        "Popular Mobilization Units", "Popular Mobilization Committee", "al-Hashd al-Shaabi",
        "Hashd al-Shaabi", "al-Hashd", "Hashd", "الحشد الشعبي", "هيئة الحشد الشعبي",
        "قوات الحشد الشعبي", "الحشد",
    ),
    "the Peshmerga, the Kurdistan Region's armed forces, which the sources do not name; the "
    "Region and its government are the actor 'erbil' (codebook R1), its forces are not; "
    "not in the dataset": (
        "Peshmerga", "Pesh Merga", "Kurdish Peshmerga", "Peshmerga forces", "البيشمركة",
        "بيشمركة", "قوات البيشمركة", "البشمركة",
    ),
    "the Kurdistan Democratic Party, which the sources do not name; a party is not the "
    "Kurdistan Region's government, the actor 'erbil' (codebook R1); not in the dataset": (
        "KDP", "Kurdistan Democratic Party", "Democratic Party of Kurdistan",
        "الحزب الديمقراطي الكردستاني",
    ),
    "the Patriotic Union of Kurdistan, which the sources do not name; a party is not the "
    "Kurdistan Region's government, the actor 'erbil' (codebook R1); not in the dataset": (
        "PUK", "Patriotic Union of Kurdistan", "الاتحاد الوطني الكردستاني",
    ),
}  # fmt: skip

# Regions people name that UN M49 (places.tsv) does not.
REGIONS: tuple[str, ...] = (
    "Middle East", "Near East", "Far East", "Levant", "Mashriq", "Maghreb", "Gulf", "Persian Gulf",
    "Arabian Gulf", "Gulf region", "Arabian Peninsula", "Arabia", "Mesopotamia", "Kurdistan",
    "Caucasus", "Balkans", "Baltic states", "Baltics", "Scandinavia", "Nordic countries",
    "Iberia", "Iberian Peninsula", "Indochina", "Horn of Africa", "Sahel", "Sahara",
    "Central Africa", "Central Europe", "Eurasia", "Siberia", "Anatolia", "MENA",
    "Middle East and North Africa", "Arctic", "Mediterranean", "Pacific Islands",
    "الشرق الأوسط", "الخليج", "الخليج العربي", "الخليج الفارسي", "بلاد الشام", "الشام",
    "المغرب العربي", "بلاد الرافدين", "كردستان", "القوقاز", "البلقان", "الجزيرة العربية",
    "شبه الجزيرة العربية",
)  # fmt: skip

# Former states that merged into another or dissolved: no single successor to answer.
FORMER: dict[str, tuple[str, ...]] = {
    "the Soviet Union, dissolved in 1991 into 15 countries": (
        "Soviet Union", "USSR", "Union of Soviet Socialist Republics", "الاتحاد السوفيتي",
        "الاتحاد السوفياتي",
    ),
    "Yugoslavia, dissolved from 1991 on into seven countries": (
        "Yugoslavia", "Socialist Federal Republic of Yugoslavia", "Federal Republic of Yugoslavia",
        "Kingdom of Yugoslavia", "يوغوسلافيا",
    ),
    "Czechoslovakia, dissolved in 1993 into Czechia and Slovakia": (
        "Czechoslovakia", "Czecho-Slovakia", "تشيكوسلوفاكيا",
    ),
    "East Germany, merged into Germany in 1990": (
        "East Germany", "Eastern Germany", "German Democratic Republic", "GDR", "DDR",
        "ألمانيا الشرقية",
    ),
    "Prussia, a German state abolished in 1947; its lands are in several countries": (
        "Prussia", "Kingdom of Prussia", "Free State of Prussia", "بروسيا",
    ),
    "the Ottoman Empire, dissolved in 1922": (
        "Ottoman Empire", "الدولة العثمانية", "الإمبراطورية العثمانية",
    ),
    "Austria-Hungary, dissolved in 1918": ("Austria-Hungary", "Austro-Hungarian Empire"),
    "an empire of antiquity or the Middle Ages, with no single successor": (
        "Roman Empire", "Holy Roman Empire", "Byzantine Empire", "Assyria", "Assyrian Empire",
        "Babylonia", "Babylon", "آشور",
    ),
    "North Vietnam, merged with South Vietnam in 1976": (
        "North Vietnam", "Democratic Republic of Vietnam",
    ),
    "South Vietnam, merged with North Vietnam in 1976": ("South Vietnam", "Republic of Vietnam"),
    "North Yemen, merged with South Yemen in 1990": ("North Yemen", "Yemen Arab Republic"),
    "South Yemen, merged with North Yemen in 1990": (
        "South Yemen", "People's Democratic Republic of Yemen", "Democratic Yemen",
    ),
    "the United Arab Republic, a union of Egypt and Syria from 1958 to 1961": (
        "United Arab Republic",
    ),
    "Tanganyika, merged with Zanzibar in 1964 into Tanzania": ("Tanganyika",),
    "Gran Colombia, dissolved in 1831": ("Gran Colombia",),
    "Mandatory Palestine, which ended in 1948": (
        "Mandatory Palestine", "British Mandate for Palestine",
    ),
}  # fmt: skip

# ISO 3166-3 names a former country's successor in the last two letters of its code ("AA":
# the alpha-2 code stayed). These did not merely rename: the successor existed beside them,
# or they were territories absorbed into a larger entry. They are refused like FORMER.
ISO_MERGED = frozenset(
    {"DDDE", "YDYE", "VDVN", "SKIN", "PZPA", "CTKI", "NQAQ", "BQAQ", "JTUM", "MIUM", "PUUM", "WKUM"}
)


def iso_successor(alpha_4: str) -> str:
    """The alpha-2 code an ISO 3166-3 code names as its successor ("HH"/"XX": none)."""
    return alpha_4[:2] if alpha_4[2:] == "AA" else alpha_4[2:]


@cache
def iso_former() -> tuple[tuple[str, str, str | None], ...]:
    """Each ISO 3166-3 former country: (name, reason, successor alpha-3 or None)."""
    from iraqrel.names.iso import countries, former_countries

    alpha3 = {c.alpha_2: c.alpha_3 for c in countries()}
    found = []
    for c in former_countries():
        successor = alpha3.get(iso_successor(c.alpha_4))
        if successor and c.alpha_4 not in ISO_MERGED:
            found.append((c.name, "", successor))
            continue
        year = c.withdrawal_date[:4]
        why = f"{c.name.split(',')[0]}, a former country (ISO 3166-3 {c.alpha_4}, until {year})"
        found.append((c.name, why, None))
    return tuple(found)


def refused_names() -> list[tuple[str, str]]:
    """(name, reason) for every name here; a hand-written reason wins over ISO 3166-3's."""
    found = [
        (n, f"{why}; not a country today")
        for name, why, successor in iso_former()
        if successor is None
        for n in (name, name.split(",")[0])
    ]
    found += [(n, f"{why}; not a country today") for why, names in FORMER.items() for n in names]
    found += [(name, "a world region, not a country") for name in REGIONS]
    found += [(n, f"{why}, not a country or group") for why, names in PEOPLE.items() for n in names]
    found += [(n, why) for why, names in IRAQI_GROUPS.items() for n in names]
    return found
