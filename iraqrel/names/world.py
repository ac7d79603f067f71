"""The world's country names: pycountry's ISO 3166 data, CLDR's Arabic names, what both lack.

Importing this module is cheap; `world_names()` reads pycountry's data on first use (names/iso.py).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class WorldName(NamedTuple):
    """One written name of a country: `is_code` names are matched only whole."""

    text: str
    id: str
    is_code: bool = False


# What ISO 3166 and its translations lack: colloquial, former and short names in use.
# Each maps to ISO 3166-1 alpha-3 ids; a name with two ids is ambiguous on purpose.
HAND_ALIASES: dict[str, tuple[str, ...]] = {
    # common short names
    "Russia": ("RUS",),
    "Turkey": ("TUR",),
    "Britain": ("GBR",),
    "Great Britain": ("GBR",),
    "UK": ("GBR",),
    "England": ("GBR",),
    "Scotland": ("GBR",),
    "Wales": ("GBR",),
    "Northern Ireland": ("GBR",),
    "America": ("USA",),
    "UAE": ("ARE",),
    "Holland": ("NLD",),
    "Ivory Coast": ("CIV",),
    "Cape Verde": ("CPV",),
    "Czech Republic": ("CZE",),
    "Macedonia": ("MKD",),
    "The former Yugoslav Republic of Macedonia": ("MKD",),
    "Vatican": ("VAT",),
    "Vatican City": ("VAT",),
    "Palestine": ("PSE",),
    "Occupied Palestinian Territory": ("PSE",),
    "Palestinian Territories": ("PSE",),
    "Congo-Kinshasa": ("COD",),
    "DR Congo": ("COD",),
    "DRC": ("COD",),
    "DROC": ("COD",),
    "Congo-Brazzaville": ("COG",),
    "DPRK": ("PRK",),
    "DPR Korea": ("PRK",),
    "PRC": ("CHN",),
    "Mainland China": ("CHN",),
    "Republic of China": ("TWN",),
    "Chinese Taipei": ("TWN",),
    "Hong Kong SAR": ("HKG",),
    "Hong Kong SAR China": ("HKG",),
    "HKSAR": ("HKG",),
    "Macao SAR China": ("MAC",),
    "Macau": ("MAC",),
    "Lao PDR": ("LAO",),
    "Brunei": ("BRN",),
    "The Gambia": ("GMB",),
    "Irak": ("IRQ",),
    "Persia": ("IRN",),
    "Hellas": ("GRC",),
    "Hrvatska": ("HRV",),
    "Libyan Arab Jamahiriya": ("LBY",),
    "Caribbean Netherlands": ("BES",),
    "BES islands": ("BES",),
    "Pitcairn Islands": ("PCN",),
    "Swiss Confederation": ("CHE",),
    "Republic of Ireland": ("IRL",),
    "Republic of Macedonia": ("MKD",),
    "Republic of the Union of Myanmar": ("MMR",),
    "Kingdom of Swaziland": ("SWZ",),
    "Republic of Turkey": ("TUR",),
    "The Argentine": ("ARG",),
    "Collectivity of Saint Martin": ("MAF",),
    "French Southern and Antarctic Lands": ("ATF",),
    "Saint Helena": ("SHN",),
    "Bonaire": ("BES",),
    "عُمان": ("OMN",),
    # former names
    "Burma": ("MMR",),
    "Zaire": ("COD",),
    "Swaziland": ("SWZ",),
    "East Timor": ("TLS",),
    "Ceylon": ("LKA",),
    "Siam": ("THA",),
    "Kampuchea": ("KHM",),
    "Dahomey": ("BEN",),
    "Upper Volta": ("BFA",),
    "Gold Coast": ("GHA",),
    "Rhodesia": ("ZWE",),
    "Southern Rhodesia": ("ZWE",),
    "Northern Rhodesia": ("ZMB",),
    "Nyasaland": ("MWI",),
    "Bechuanaland": ("BWA",),
    "Basutoland": ("LSO",),
    "British Honduras": ("BLZ",),
    "British Guiana": ("GUY",),
    "Dutch Guiana": ("SUR",),
    "Portuguese Guinea": ("GNB",),
    "New Hebrides": ("VUT",),
    "Formosa": ("TWN",),
    "East Pakistan": ("BGD",),
    "British East Africa": ("KEN",),
    "East Africa Protectorate": ("KEN",),
    "Byelorussia": ("BLR",),
    "Rumania": ("ROU",),
    "Roumania": ("ROU",),
    "West Germany": ("DEU",),
    "Federal Republic of Germany": ("DEU",),
    "Russian Soviet Federative Socialist Republic": ("RUS",),
    "Ukrainian Soviet Socialist Republic": ("UKR",),
    "Uzbek Soviet Socialist Republic": ("UZB",),
    "Kazakh Soviet Socialist Republic": ("KAZ",),
    "Byelorussian Soviet Socialist Republic": ("BLR",),
    "Azerbaijan Soviet Socialist Republic": ("AZE",),
    "Georgian Soviet Socialist Republic": ("GEO",),
    "Tajik Soviet Socialist Republic": ("TJK",),
    "Moldavian Soviet Socialist Republic": ("MDA",),
    "Kirghiz Soviet Socialist Republic": ("KGZ",),
    "Lithuanian Soviet Socialist Republic": ("LTU",),
    "Turkmen Soviet Socialist Republic": ("TKM",),
    "Armenian Soviet Socialist Republic": ("ARM",),
    "Latvian Soviet Socialist Republic": ("LVA",),
    "Estonian Soviet Socialist Republic": ("EST",),
    "Swiss": ("CHE",),
    "Abyssinia": ("ETH",),
    "Transjordan": ("JOR",),
    "Dutch East Indies": ("IDN",),
    "Belgian Congo": ("COD",),
    # Arabic forms of the names above that CLDR's current Arabic names (arabic.tsv) lack,
    # and the spellings of its older releases
    "فلسطين": ("PSE",),
    "ساحل العاج": ("CIV",),
    "كوت ديفوار": ("CIV",),
    "تيمور الشرقية": ("TLS",),
    "سوازيلاند": ("SWZ",),
    "جمهورية التشيك": ("CZE",),
    "مكاو": ("MAC",),
    "هونغ كونغ": ("HKG",),
    "جمهورية الكونغو الديمقراطية": ("COD",),
    "جمهورية الكونغو": ("COG",),
    "توكيلو": ("TKL",),
    "جزر فيرجن التابعة للولايات المتحدة": ("VIR",),
    "جزر فوكلاند - جزر مالفيناس": ("FLK",),
    # ambiguous on purpose: answered with exit 3 and both names
    "Dominican": ("DMA", "DOM"),
    "Dominicans": ("DMA", "DOM"),
    "الكونغو": ("COD", "COG"),
    "كوريا": ("KOR", "PRK"),
    "Korea": ("KOR", "PRK"),
    "Congo": ("COD", "COG"),
    "ROC": ("TWN", "COG"),
    "Guiana": ("GUF", "GUY"),
    "Saint Martin": ("MAF", "SXM"),
    "Virgin Islands": ("VGB", "VIR"),
}


# ISO 3166-1 lists these territories as entries of their own; pycountry does not say whose
# they are. "Guam (US)" and "Hong Kong, China" name the territory with its sovereign; any
# other country in the qualifier ("Iran (Iraq)", "Georgia (USA)") contradicts the name.
DEPENDENCIES: dict[str, str] = {  # sovereign -> its territories, ISO 3166-1 alpha-3
    "USA": "ASM GUM MNP PRI UMI VIR",
    "GBR": "AIA BMU IOT VGB CYM FLK GIB MSR PCN SHN SGS TCA GGY JEY IMN",
    "FRA": "GUF PYF ATF GLP MTQ MYT NCL REU BLM MAF SPM WLF",
    "NLD": "ABW CUW SXM BES",
    "DNK": "FRO GRL",
    "NOR": "BVT SJM",
    "AUS": "CXR CCK HMD NFK",
    "NZL": "COK NIU TKL",
    "CHN": "HKG MAC",
    "FIN": "ALA",
}
SOVEREIGN: dict[str, str] = {t: s for s, ts in DEPENDENCIES.items() for t in ts.split()}


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 id -> display name for every current country."""
    from iraqrel.names.iso import countries

    return {c.alpha_3: c.common_name or c.name for c in countries()}


@cache
def world_names() -> tuple[WorldName, ...]:
    """Every written name of every country: ISO codes, English and Arabic names, aliases,
    and the names of former countries that continue in one successor (ISO 3166-3)."""
    from iraqrel.names.iso import arabic_translation, countries
    from iraqrel.names.known import iso_former
    from iraqrel.names.places import arabic_names

    arabic = arabic_translation()
    names: list[WorldName] = []
    for c in countries():
        names += [WorldName(c.alpha_2, c.alpha_3, True), WorldName(c.alpha_3, c.alpha_3, True)]
        for english in (c.name, c.official_name, c.common_name):
            if english:
                names.append(WorldName(english, c.alpha_3))
                translated = arabic.gettext(english)
                if translated != english:
                    names.append(WorldName(translated, c.alpha_3))
                    names.append(WorldName(translated.split("،")[0], c.alpha_3))
    for text, ids in HAND_ALIASES.items():
        names += [WorldName(text, i) for i in ids]
    for name, _, successor in iso_former():  # renamed: Burma, Zaire, French Afars and Issas
        if successor:
            names += [WorldName(name, successor), WorldName(name.split(",")[0], successor)]
    return tuple(names + [WorldName(text, ident) for ident, text in arabic_names()])
