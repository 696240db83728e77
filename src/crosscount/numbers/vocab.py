"""Word lists the number recogniser reads: data only, no logic.

Everything is lower case; the recogniser lower-cases tokens before looking them up.
"""

from __future__ import annotations

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
HUNDRED = {"hundred": 100}
# Scale words that multiply what precedes them ("170 thousand", "2.5bn", "5k").
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12,
}
# Abbreviations that are a scale only after a currency ("$5m", "€2.5m").
CURRENCY_ONLY_SCALES = {"m": 1e6, "b": 1e9}

DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
# "every third soldier" -> a share of 1/3 ("every second" is too often about time).
EVERY_ORDINALS = {k: v for k, v in DENOMINATORS.items() if k.endswith(("d", "h")) and v > 2}

MULTIPLIER_WORDS = {"twice": 2, "thrice": 3, "twofold": 2, "threefold": 3, "fourfold": 4,
                    "fivefold": 5, "tenfold": 10, "hundredfold": 100}
# Words after "N times" that make it a ratio ("5.5 times as many", "4.7 times more").
COMPARATIVES = {
    "as", "more", "less", "fewer", "higher", "lower", "larger", "smaller", "bigger", "greater",
    "the", "over", "faster", "slower", "longer", "shorter", "cheaper", "richer", "poorer",
    "stronger", "weaker", "worse", "better", "above", "below", "that",
}

# Vague quantities: (conventional value, approx). Values follow the gold conventions.
VAGUE = {
    "several": (3, "~"), "couple": (2, "~"), "dozens": (24, ">="), "hundreds": (200, ">="),
    "thousands": (2000, ">="), "millions": (2e6, ">="), "billions": (2e9, ">="),
}
# "tens of thousands", "hundreds of thousands", "hundreds of millions"...
VAGUE_OF = {("tens", "thousands"): 2e4, ("tens", "millions"): 2e7, ("hundreds", "thousands"): 2e5,
            ("hundreds", "millions"): 2e8, ("tens", "billions"): 2e10}

# Leading approximators, longest first when matched. Each maps to an approx mark.
APPROX_PREFIXES = {
    "about": "~", "around": "~", "roughly": "~", "some": "~", "almost": "~", "nearly": "~",
    "approximately": "~", "approx": "~", "an estimated": "~", "estimated": "~",
    "close to": "~", "circa": "~", "barely": "~", "an average of": "=", "on average": "=",
    "exactly": "=", "precisely": "=", "just": "=", "only": "=",
    "more than": ">", "over": ">", "above": ">", "in excess of": ">", "upwards of": ">",
    "exceeding": ">", "well over": ">", "just over": ">", "well above": ">",
    "at least": ">=", "no less than": ">=", "not less than": ">=", "no fewer than": ">=",
    "not fewer than": ">=", "a minimum of": ">=",
    "less than": "<", "under": "<", "fewer than": "<", "below": "<", "just under": "<",
    "well under": "<", "well below": "<",
    "up to": "<=", "at most": "<=", "no more than": "<=", "not more than": "<=",
    "as many as": "<=", "as much as": "<=", "a maximum of": "<=",
}
# Approximators kept out of the surface: they do not change the approx mark.
SILENT_PREFIXES = {"an average of", "on average", "just", "only"}
TRAILING_APPROX = {("or", "more"): ">=", ("or", "so"): "~", ("or", "less"): "<=",
                   ("or", "fewer"): "<=", ("or", "above"): ">=", ("plus",): ">=",
                   ("odd",): "~"}

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "₽": "RUB"}
CURRENCY_CODES = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "uah": "UAH", "rub": "RUB"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
    "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH", "hryvnya": "UAH", "hryvnyas": "UAH",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "pound": "GBP", "pounds": "GBP",
}
PERCENT_WORDS = {"percent": "percent", "pct": "percent", "%": "percent"}

TIME_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "fortnight": "week", "month": "month", "months": "month", "year": "year",
    "years": "year", "decade": "decade", "decades": "decade",
}
# Measurement units: unit code and the factor into it (metres are normalised to km).
MEASURE_UNITS = {
    "km": ("km", 1), "kms": ("km", 1), "kilometre": ("km", 1), "kilometres": ("km", 1),
    "kilometer": ("km", 1), "kilometers": ("km", 1), "metre": ("km", 1e-3),
    "metres": ("km", 1e-3), "meter": ("km", 1e-3), "meters": ("km", 1e-3),
    "mile": ("mi", 1), "miles": ("mi", 1), "mm": ("mm", 1), "cm": ("cm", 1),
    "kg": ("kg", 1), "kilogram": ("kg", 1), "kilograms": ("kg", 1), "kilogrammes": ("kg", 1),
    "kilos": ("kg", 1), "tonne": ("t", 1), "tonnes": ("t", 1), "ton": ("t", 1),
    "tons": ("t", 1), "hectares": ("ha", 1), "hectare": ("ha", 1),
}
# Glued unit abbreviations after digits ("10km", "20kg").
GLUED_UNITS = {"km": ("km", 1), "kg": ("kg", 1), "mm": ("mm", 1), "cm": ("cm", 1),
               "m": ("km", 1e-3), "t": ("t", 1), "ha": ("ha", 1)}

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
}
MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec"}
TIME_OF_DAY = {"am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "cet", "cest", "eet", "eest",
               "msk", "hrs", "kyiv"}

# Words after which a number names a thing rather than counts it ("Article 407", "unit 13140").
DESIGNATORS = {
    "article", "articles", "art", "arts", "no", "nos", "number", "law", "bill", "part",
    "parts", "paragraph", "paragraphs", "para", "section", "sections", "sec", "chapter",
    "chapters", "ch", "page", "pages", "p", "pp", "clause", "clauses", "item", "resolution",
    "decree", "unit", "flight", "room", "route", "highway", "building", "apartment",
    "version", "vol", "volume", "issue", "episode", "season", "grade", "phase", "annex",
    "amendment", "protocol", "rule", "regulation", "block", "platform", "gate", "channel",
    "zone", "sector", "model", "type", "mark", "mk", "class", "category", "level", "stage",
    "step", "division", "brigade", "battalion", "regiment", "squadron", "corps", "company",
    "platoon", "detachment", "house", "street", "avenue", "road", "line", "ordinance",
    "resolutions", "decrees", "laws", "bills", "directive", "#",
}
# Documents that "407 of the Criminal Code" names.
CODE_WORDS = {"code", "constitution", "law", "act", "convention", "charter", "statute"}
# Context words that turn a number with a time unit into a period, not a quantity.
PERIOD_WORDS = {"first", "last", "past", "next", "previous", "coming", "recent", "final",
                "initial", "following", "preceding"}
RELATIVE_WORDS = {"ago", "later", "earlier", "hence"}
ANAPHORA = {"these", "those"}
LEFT_MARKS = {"←", "leftarrow", "⟵", "«"}
RIGHT_MARKS = {"→", "rightarrow", "⟶", "»"}
# Prepositions that make an old four-digit number a year ("in 1918").
YEAR_PREPOSITIONS = {"in", "since", "of", "from", "until", "till", "by", "before", "after",
                     "year", "the", "circa", "between", "and", "to", "during", "early", "late",
                     "mid", "summer", "winter", "spring", "autumn", "fall", "around"}
# Function words that cannot be what a number counts.
FUNCTION_WORDS = {"somewhere", "the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "but",
                  "for", "with", "from", "by", "as", "is", "was", "are", "were", "be", "it",
                  "me", "him", "her", "them", "us", "you", "out"}
# Compounds that use a number word without counting anything ("two-time champion").
IDIOM_COMPOUNDS = {"time", "way", "sided", "faced", "dimensional"}
# Words after "a third", "a quarter" that make it a share ("a third were women", "a third of").
SHARE_VERBS = {"of", "were", "was", "are", "is", "have", "has", "had", "said", "say", "says",
               "went", "will", "would", "could", "did", "do", "remain", "remained", "voted",
               "live", "lived", "died", "left", "fled", "came", "support", "supported"}
