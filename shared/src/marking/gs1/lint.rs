//! Content checks ("linters") named in the GS1 Barcode Syntax Dictionary: check
//! digits, dates, times, country codes and flags.
//!
//! Invariant: a linter either accepts the component or returns the rule it broke in
//! words; none of them panics on any input. Country (ISO 3166), currency (ISO 4217),
//! package type (UN/ECE Recommendation 21 with GS1's additions) and AIDC media type
//! codes are checked against their lists. Linters that need data Tracemark does not
//! carry (GS1 company prefix tables) check the shape only; the list is [`SHAPE_ONLY`], and a linter name the code does not know is
//! reported by [`is_known`] so a new dictionary release is noticed by the tests.

use super::dictionary::CSET82;

/// Linters checked for shape only: a GS1 company prefix starts with four digits. GS1's
/// reference implementation checks no more without a lookup of prefix allocations,
/// a registry Tracemark does not ship.
pub const SHAPE_ONLY: &[&str] = &["gcppos1", "gcppos2"];

const FULL: &[&str] = &[
    "couponcode",
    "couponposoffer",
    "mediatype",
    "packagetype",
    "iso4217",
    "iso3166alpha2",
    "importeridx",
    // IBAN: structure and the ISO 13616 check digits (not each country's length).
    "iban",
    "csum",
    "csumalpha",
    "yymmd0",
    "yymmdd",
    "yyyymmdd",
    "hhmi",
    "hh",
    "mi",
    "ss",
    "nonzero",
    "zero",
    "yesno",
    "hyphen",
    "winding",
    "pieceoftotal",
    "nozeroprefix",
    "hasnondigit",
    "latitude",
    "longitude",
    "pcenc",
    "iso3166",
    "iso3166999",
    "iso5218",
    "posinseqslash",
];

/// Whether the code knows a linter (fully or by shape).
pub fn is_known(name: &str) -> bool {
    FULL.contains(&name) || SHAPE_ONLY.contains(&name)
}

/// ISO 3166-1 numeric country codes (public list, as the dictionary's `iso3166` uses).
const ISO3166_NUMERIC: &str = "004 008 010 012 016 020 024 028 031 032 036 040 044 048 050 051 052 056 060 064 068 070 072 074 076 084 086 090 092 096 100 104 108 112 116 120 124 132 136 140 144 148 152 156 158 162 166 170 174 175 178 180 184 188 191 192 196 203 204 208 212 214 218 222 226 231 232 233 234 238 239 242 246 248 250 254 258 260 262 266 268 270 275 276 288 292 296 300 304 308 312 316 320 324 328 332 334 336 340 344 348 352 356 360 364 368 372 376 380 384 388 392 398 400 404 408 410 414 417 418 422 426 428 430 434 438 440 442 446 450 454 458 462 466 470 474 478 480 484 492 496 498 499 500 504 508 512 516 520 524 528 531 533 534 535 540 548 554 558 562 566 570 574 578 580 581 583 584 585 586 591 598 600 604 608 612 616 620 624 626 630 634 638 642 643 646 652 654 659 660 662 663 666 670 674 678 682 686 688 690 694 702 703 704 705 706 710 716 724 728 729 732 740 744 748 752 756 760 762 764 768 772 776 780 784 788 792 795 796 798 800 804 807 818 826 831 832 833 834 840 850 854 858 860 862 876 882 887 894";

/// ISO 3166-1 alpha-2 country codes, officially assigned (public list, 249 codes).
const ISO3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// ISO 4217 numeric currency and fund codes (public list, as maintained for ISO by SIX).
const ISO4217_NUMERIC: &str = "008 012 032 036 044 048 050 051 052 060 064 068 072 084 090 096 104 108 116 124 132 136 144 152 156 170 174 188 191 192 203 208 214 222 230 232 238 242 262 270 292 320 324 328 332 340 344 348 352 356 360 364 368 376 388 392 398 400 404 408 410 414 417 418 422 426 430 434 446 454 458 462 480 484 496 498 504 512 516 524 532 533 548 554 558 566 578 586 590 598 600 604 608 634 643 646 654 682 690 694 702 704 706 710 728 748 752 756 760 764 776 780 784 788 800 807 818 826 834 840 858 860 882 886 901 924 925 927 928 929 930 931 932 933 934 936 938 940 941 943 944 946 947 948 949 950 951 952 953 955 956 957 958 959 960 961 962 963 964 965 967 968 969 970 971 972 973 975 976 977 978 979 980 981 984 985 986 990 994 997 999";

/// Package type codes (AI 7017 and others): UN/ECE Recommendation 21's alphanumeric
/// codes with GS1's additions, as GS1's PackageTypeCode list holds them.
const PACKAGE_TYPES: &str = "1A 1B 1D 1F 1G 1W 200 201 202 203 204 205 206 210 211 212 2C 3A 3H 43 44 4A 4B 4C 4D 4F 4G 4H 5H 5L 5M 6H 6P 7A 7B 8 8A 8B 8C 9 \
    AA AB AC AD AF AG AH AI AJ AL AM AP APE AT AV \
    B4 BB BC BD BE BF BG BGE BH BI BJ BK BL BM BME BN BO BP BQ BR BRI BS BT BU BV BW BX BY BZ \
    CA CB CBL CC CCE CD CE CF CG CH CI CJ CK CL CM CN CO CP CQ CR CS CT CU CV CW CX CY CZ \
    DA DB DC DG DH DI DJ DK DL DM DN DP DPE DR DS DT DU DV DW DX DY \
    E1 E2 E3 EC ED EE EF EG EH EI EN FB FC FD FE FI FL FO FOB FP FPE FR FT FW FX \
    GB GI GL GR GU GY GZ HA HB HC HG HN HR IA IB IC ID IE IF IG IH IK IL IN IZ \
    JB JC JG JR JT JY KG KI LAB LE LG LT LU LV LZ MA MB MC ME MPE MR MS MT MW MX \
    NA NE NF NG NS NT NU NV OA OB OC OD OE OF OK OPE OT OU \
    P2 PA PAE PB PC PD PE PF PG PH PI PJ PK PL PLP PN PO POP PP PPE PR PT PU PUE PV PX PY PZ \
    QA QB QC QD QF QG QH QJ QK QL QM QN QP QQ QR QS RB1 RB2 RB3 RCB RD RG RJ RK RL RO RT RZ \
    S1 SA SB SC SD SE SEC SH SI SK SL SM SO SP SS ST STL SU SV SW SX SY SZ \
    T1 TB TC TD TE TEV TG THE TI TK TL TN TO TR TRE TS TT TTE TU TV TW TWE TY TZ UC UN UUE \
    VA VG VI VK VL VN VO VP VQ VR VS VY \
    WA WB WC WD WF WG WH WJ WK WL WM WN WP WQ WR WRP WS WT WU WV WW WX WY WZ \
    X11 X12 X15 X16 X17 X18 X19 X20 X3 XA XB XC XD XF XG XH XJ XK \
    YA YB YC YD YF YG YH YJ YK YL YM YN YP YQ YR YS YT YV YW YX YY YZ \
    ZA ZB ZC ZD ZF ZG ZH ZJ ZK ZL ZM ZN ZP ZQ ZR ZS ZT ZU ZV ZW ZX ZY ZZ";

/// An AIDC media type (AI 7241), two digits: 01–10 are assigned (by ICCBBA) and 80–99
/// are for local or national use (GS1 General Specifications, "AIDC media type
/// values"); the rest are reserved.
fn media_type(value: &str) -> Result<(), String> {
    let assigned = value.len() == 2
        && matches!(number(value), Some(n) if (1..=10).contains(&n) || (80..=99).contains(&n));
    expect(
        assigned,
        &format!("{value} is not an AIDC media type (01 to 10, or 80 to 99)"),
    )
}

/// A coupon code read field by field: fixed widths, length digits ("VLI") and the
/// indicator digits of optional fields, each error naming the field.
struct CouponFields<'a> {
    value: &'a str,
    at: usize,
}

impl<'a> CouponFields<'a> {
    /// A coupon code, or why its characters cannot be one.
    fn of(value: &'a str) -> Result<Self, String> {
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err("a coupon code is digits only".into());
        }
        Ok(Self { value, at: 0 })
    }

    /// The next `n` digits, the field `what`.
    fn take(&mut self, n: usize, what: &str) -> Result<&'a str, String> {
        let field = self
            .value
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("the coupon code ends before its {what}"))?;
        self.at += n;
        Ok(field)
    }

    /// The next digit, which must be one of `allowed`.
    fn digit(&mut self, allowed: &[u8], what: &str) -> Result<u8, String> {
        let d = self.take(1, what)?.bytes().next().map_or(0, |b| b - b'0');
        if allowed.contains(&d) {
            Ok(d)
        } else {
            Err(format!("the coupon's {what} cannot be {d}"))
        }
    }

    /// A field of `base` plus as many digits as its length digit (one of `allowed`)
    /// says.
    fn sized(&mut self, allowed: &[u8], base: usize, what: &str) -> Result<&'a str, String> {
        let length = self.digit(allowed, &format!("{what} length"))?;
        self.take(base + usize::from(length), what)
    }

    /// Whether the optional field that `indicator` starts comes next (then past it).
    fn starts(&mut self, indicator: u8) -> bool {
        let next = self.value.as_bytes().get(self.at) == Some(&indicator);
        self.at += usize::from(next);
        next
    }

    fn end(&self, after: &str) -> Result<(), String> {
        expect(
            self.at == self.value.len(),
            &format!("the coupon code goes on after its {after}"),
        )
    }
}

const ANY_DIGIT: &[u8] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/// Company prefix length digits: 6 to 12 digits.
const GCP_LENGTHS: &[u8] = &[0, 1, 2, 3, 4, 5, 6];
/// Value and purchase requirement length digits: 1 to 5 digits.
const VALUE_LENGTHS: &[u8] = &[1, 2, 3, 4, 5];
/// Purchase requirement codes: units, cash, both, spend, pounds, or 9 (see the offer).
const REQUIREMENT_CODES: &[u8] = &[0, 1, 2, 3, 4, 9];

/// AI (8112): the positive offer coupon code (GS1 US "Coupon Code" guideline): format
/// code, funder id, offer code, serial number, nothing after.
fn positive_offer_coupon(value: &str) -> Result<(), String> {
    let mut c = CouponFields::of(value)?;
    c.digit(&[0, 1], "format code")?;
    c.sized(GCP_LENGTHS, 6, "funder id")?;
    c.take(6, "offer code")?;
    c.sized(ANY_DIGIT, 6, "serial number")?;
    c.end("serial number")
}

/// A further purchase of AI (8110): its requirement, requirement code, family code
/// and company prefix (length digit 9: the primary one's, not repeated).
fn further_purchase(c: &mut CouponFields<'_>, nth: &str) -> Result<(), String> {
    c.sized(VALUE_LENGTHS, 0, &format!("{nth} purchase requirement"))?;
    c.digit(
        REQUIREMENT_CODES,
        &format!("{nth} purchase requirement code"),
    )?;
    c.take(3, &format!("{nth} purchase family code"))?;
    let what = format!("{nth} purchase company prefix");
    let length = c.digit(&[0, 1, 2, 3, 4, 5, 6, 9], &format!("{what} length"))?;
    if length != 9 {
        gcp_shape("gcppos1", c.take(6 + usize::from(length), &what)?)?;
    }
    Ok(())
}

/// AI (8110): the North American coupon code (GS1 US "North American Coupon
/// Application Guideline Using GS1 DataBar Expanded Symbols"). The mandatory fields —
/// company prefix, offer code, save value, primary purchase requirement, its code and
/// family code — then the optional fields, each present when its indicator digit comes
/// next and only in this order: 1 second purchase (with the additional purchase rules
/// code), 2 third purchase, 3 expiration date, 4 start date (not after the
/// expiration), 5 serial number, 6 retailer company prefix or GLN, 9 miscellaneous
/// (save value code, what the value applies to, store coupon flag, don't-multiply
/// flag). Nothing may follow.
fn coupon_code(value: &str) -> Result<(), String> {
    let mut c = CouponFields::of(value)?;
    gcp_shape("gcppos1", c.sized(GCP_LENGTHS, 6, "company prefix")?)?;
    c.take(6, "offer code")?;
    c.sized(VALUE_LENGTHS, 0, "save value")?;
    c.sized(VALUE_LENGTHS, 0, "primary purchase requirement")?;
    c.digit(REQUIREMENT_CODES, "primary purchase requirement code")?;
    c.take(3, "primary purchase family code")?;
    let mut last = "primary purchase family code";
    if c.starts(b'1') {
        c.digit(&[0, 1, 2, 3], "additional purchase rules code")?;
        further_purchase(&mut c, "second")?;
        last = "second purchase";
    }
    if c.starts(b'2') {
        further_purchase(&mut c, "third")?;
        last = "third purchase";
    }
    let mut expires = None;
    if c.starts(b'3') {
        let date = c.take(6, "expiration date")?;
        yymmdd(date, false).map_err(|e| format!("the coupon's expiration date {e}"))?;
        expires = Some(date);
        last = "expiration date";
    }
    if c.starts(b'4') {
        let date = c.take(6, "start date")?;
        yymmdd(date, false).map_err(|e| format!("the coupon's start date {e}"))?;
        // YYMMDD of one century compare as text.
        if expires.is_some_and(|e| e < date) {
            return Err("the coupon expires before it starts".into());
        }
        last = "start date";
    }
    if c.starts(b'5') {
        c.sized(ANY_DIGIT, 6, "serial number")?;
        last = "serial number";
    }
    if c.starts(b'6') {
        let retailer = c.sized(&[1, 2, 3, 4, 5, 6, 7], 6, "retailer company prefix or GLN")?;
        gcp_shape("gcppos1", retailer)?;
        last = "retailer company prefix or GLN";
    }
    if c.starts(b'9') {
        c.digit(&[0, 1, 2, 5, 6], "save value code")?;
        c.digit(&[0, 1, 2], "save value applies to item")?;
        c.digit(ANY_DIGIT, "store coupon flag")?;
        c.digit(&[0, 1], "don't multiply flag")?;
        last = "miscellaneous field";
    }
    c.end(last)
}

/// Applies one linter to a component value; `Err` holds the rule broken.
pub fn check(name: &str, value: &str) -> Result<(), String> {
    let digits = || value.bytes().all(|b| b.is_ascii_digit());
    match name {
        "csum" => check_digit(value),
        "csumalpha" => check_pair(value),
        "yymmd0" => yymmdd(value, true),
        "yymmdd" => yymmdd(value, false),
        "yyyymmdd" => yyyymmdd(value),
        "hhmi" => two_numbers(value, 23, 59, "a time HHMI"),
        "hh" => in_range(value, 0, 23, "an hour 00–23"),
        "mi" => in_range(value, 0, 59, "minutes 00–59"),
        "ss" => in_range(value, 0, 59, "seconds 00–59"),
        "nonzero" => match value.bytes().all(|b| b == b'0') {
            true => Err("must not be zero".into()),
            false => Ok(()),
        },
        "zero" => expect(value == "0", "must be 0"),
        "yesno" => expect(value == "0" || value == "1", "must be 0 (no) or 1 (yes)"),
        "hyphen" => expect(value == "-", "must be a hyphen"),
        "winding" => expect(
            matches!(value, "0" | "1" | "9"),
            "winding direction must be 0, 1 or 9",
        ),
        "pieceoftotal" => piece_of_total(value),
        // As GS1 defines it: digits, and no leading zero at all (a lone 0 included).
        "nozeroprefix" => expect(digits() && !value.starts_with('0'), "must not start with 0"),
        "hasnondigit" => expect(!digits(), "must contain a character other than a digit"),
        "latitude" => in_range(value, 0, 1_800_000_000, "a latitude 0–1800000000"),
        "longitude" => in_range(value, 0, 3_600_000_000, "a longitude 0–3600000000"),
        "pcenc" => percent_encoding(value),
        "iso3166" => country(value, false),
        "iso3166999" => country(value, true),
        "iso5218" => expect(
            matches!(value, "0" | "1" | "2" | "9"),
            "sex code must be 0, 1, 2 or 9 (ISO/IEC 5218)",
        ),
        "posinseqslash" => position_in_sequence(value),
        "iso3166alpha2" => expect(
            value.len() == 2 && ISO3166_ALPHA2.split(' ').any(|c| c == value),
            &format!("{value} is not an ISO 3166 two-letter country code"),
        ),
        "iso4217" => expect(
            value.len() == 3 && digits() && ISO4217_NUMERIC.split(' ').any(|c| c == value),
            &format!("{value} is not an ISO 4217 currency code"),
        ),
        // The importer index of an EU 2018/574 facility or machine id: one character,
        // a digit, a letter, `-` or `_`.
        "importeridx" => expect(
            value.len() == 1
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "an importer index is one letter, digit, - or _",
        ),
        "gcppos1" | "gcppos2" => gcp_shape(name, value),
        "iban" => iban(value),
        "mediatype" => media_type(value),
        "couponcode" => coupon_code(value),
        "couponposoffer" => positive_offer_coupon(value),
        "packagetype" => expect(
            PACKAGE_TYPES.split_whitespace().any(|c| c == value),
            &format!("{value} is not a package type code (UN/ECE Recommendation 21)"),
        ),
        // Unknown linters are caught by `is_known` in the tests.
        _ => Ok(()),
    }
}

/// An IBAN (ISO 13616): two capital letters for the country, two check digits, then
/// up to 30 capital letters and digits; moved round (the first four characters last)
/// and read as a number with A = 10 … Z = 35, it leaves 1 when divided by 97.
fn iban(value: &str) -> Result<(), String> {
    let b = value.as_bytes();
    let shape = (5..=34).contains(&b.len())
        && b.iter().take(2).all(u8::is_ascii_uppercase)
        && b.iter().skip(2).take(2).all(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !shape {
        return Err(
            "must be a country code, two check digits and capital letters or digits".into(),
        );
    }
    let mut rest = 0u32;
    for &c in b.iter().skip(4).chain(b.iter().take(4)) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rest = if v < 10 {
            (rest * 10 + v) % 97
        } else {
            (rest * 100 + v) % 97
        };
    }
    expect(rest == 1, "IBAN check digits do not match")
}

fn expect(ok: bool, rule: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(rule.to_string()) }
}

fn number(value: &str) -> Option<u64> {
    if value.is_empty() || value.len() > 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn in_range(value: &str, lo: u64, hi: u64, what: &str) -> Result<(), String> {
    match number(value) {
        Some(n) if (lo..=hi).contains(&n) => Ok(()),
        _ => Err(format!("must be {what}")),
    }
}

fn two_numbers(value: &str, max_a: u64, max_b: u64, what: &str) -> Result<(), String> {
    let ok = value.len() == 4
        && matches!((number(value.get(..2).unwrap_or("")), number(value.get(2..).unwrap_or(""))),
            (Some(a), Some(b)) if a <= max_a && b <= max_b);
    expect(ok, &format!("must be {what}"))
}

/// The GS1 mod-10 check digit of the digits before the last one.
pub fn compute_check_digit(body: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, b) in body.bytes().rev().enumerate() {
        let d = u32::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    u8::try_from((10 - sum % 10) % 10).ok()
}

fn check_digit(value: &str) -> Result<(), String> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be digits".into());
    }
    let (body, last) = value.split_at(value.len().saturating_sub(1));
    let expected = compute_check_digit(body).ok_or("must be digits")?;
    let found = last.bytes().next().ok_or("is empty")?;
    if found == b'0' + expected {
        Ok(())
    } else {
        Err(format!(
            "check digit is {}, expected {expected}",
            char::from(found)
        ))
    }
}

const CSET32: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PRIMES: [u32; 23] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
];

/// The GS1 check-character pair over alphanumeric data (e.g. a GMN).
pub fn compute_check_pair(body: &str) -> Option<[u8; 2]> {
    let mut sum = 0u32;
    // Weights are increasing primes, counted from the character next to the check pair.
    for (c, weight) in body.chars().rev().zip(PRIMES.iter()) {
        let v = u32::try_from(CSET82.find(c)?).ok()?;
        sum += v * weight;
    }
    if body.chars().count() > PRIMES.len() {
        return None;
    }
    sum %= 1021;
    let hi = usize::try_from(sum >> 5).ok()?;
    let lo = usize::try_from(sum & 31).ok()?;
    Some([*CSET32.get(hi)?, *CSET32.get(lo)?])
}

fn check_pair(value: &str) -> Result<(), String> {
    if value.len() < 2 || !value.is_ascii() {
        return Err("needs at least two check characters".into());
    }
    let (body, pair) = value.split_at(value.len() - 2);
    let expected = compute_check_pair(body).ok_or("has characters outside set 82")?;
    if pair.as_bytes() == expected {
        Ok(())
    } else {
        Err(format!(
            "check characters are {pair}, expected {}",
            String::from_utf8_lossy(&expected)
        ))
    }
}

fn days_in_month(year: i32, month: u64) -> u64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks YYMMDD. The century of YY is unknown here, so leap years are judged as GS1's
/// reference linter does: every YY divisible by 4 (2000 was a leap year).
fn yymmdd(value: &str, day_zero_allowed: bool) -> Result<(), String> {
    let part = |r: std::ops::Range<usize>| value.get(r).and_then(number);
    let (Some(yy), Some(mm), Some(dd)) = (part(0..2), part(2..4), part(4..6)) else {
        return Err("must be a date YYMMDD".into());
    };
    let year = 2000 + i32::try_from(yy).unwrap_or(0);
    valid_date(year, mm, dd, day_zero_allowed)
}

fn yyyymmdd(value: &str) -> Result<(), String> {
    let part = |r: std::ops::Range<usize>| value.get(r).and_then(number);
    let (Some(yyyy), Some(mm), Some(dd)) = (part(0..4), part(4..6), part(6..8)) else {
        return Err("must be a date YYYYMMDD".into());
    };
    valid_date(i32::try_from(yyyy).unwrap_or(0), mm, dd, false)
}

fn valid_date(year: i32, mm: u64, dd: u64, day_zero_allowed: bool) -> Result<(), String> {
    if !(1..=12).contains(&mm) {
        return Err(format!("month {mm:02} does not exist"));
    }
    if dd == 0 && day_zero_allowed {
        return Ok(());
    }
    if dd == 0 || dd > days_in_month(year, mm) {
        return Err(format!("day {dd:02} does not exist in month {mm:02}"));
    }
    Ok(())
}

fn piece_of_total(value: &str) -> Result<(), String> {
    let piece = value.get(..2).and_then(number);
    let total = value.get(2..).and_then(number);
    match (piece, total) {
        (Some(p), Some(t)) if p >= 1 && t >= 1 && p <= t && value.len() == 4 => Ok(()),
        _ => Err("must be a piece number 01–99 not greater than the total".into()),
    }
}

fn percent_encoding(value: &str) -> Result<(), String> {
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let ok = bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !ok {
                return Err(format!("bad percent-escape at character {}", i + 1));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn country(value: &str, allow_999: bool) -> Result<(), String> {
    let listed = value.len() == 3
        && value.bytes().all(|b| b.is_ascii_digit())
        && ISO3166_NUMERIC.split(' ').any(|c| c == value);
    expect(
        listed || (allow_999 && value == "999"),
        &format!("{value} is not an ISO 3166 numeric country code"),
    )
}

fn position_in_sequence(value: &str) -> Result<(), String> {
    let ok = match value.split_once('/') {
        Some((p, t)) => matches!((number(p), number(t)), (Some(p), Some(t)) if p >= 1 && p <= t),
        None => false,
    };
    expect(ok, "must be a position like 1/2")
}

fn gcp_shape(name: &str, value: &str) -> Result<(), String> {
    let start = usize::from(name == "gcppos2");
    let ok = value
        .get(start..start + 4)
        .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    expect(ok, "must start with a GS1 company prefix")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marking::gs1::dictionary::Dictionary;

    #[test]
    fn every_linter_in_the_dictionary_is_known() {
        for spec in Dictionary::get().iter() {
            for c in &spec.components {
                for l in &c.linters {
                    assert!(is_known(l), "AI {} uses unknown linter {l}", spec.ai);
                }
            }
        }
    }

    macro_rules! cases {
        ($($name:literal $value:literal => $ok:expr;)*) => {
            #[test]
            fn table() {
                $( assert_eq!(check($name, $value).is_ok(), $ok, "{} {:?}", $name, $value); )*
            }
        };
    }

    cases! {
        "iban" "GB82WEST12345698765432" => true; // ISO 13616 / ECBS examples
        "iban" "DE89370400440532013000" => true;
        "iban" "GB82WEST12345698765431" => false;
        "iban" "gb82WEST12345698765432" => false;
        "iban" "GB82" => false;
        "csum" "09506000134352" => true;   // GTIN from the GS1 General Specifications
        "csum" "09506000134353" => false;
        "csum" "106141411234567897" => true; // SSCC example
        "csum" "0950600013435X" => false;
        "csum" "" => false;
        "csumalpha" "1987654Ad4X4bL5ttr2310c2K" => true; // GMN example
        "csumalpha" "1987654Ad4X4bL5ttr2310c2L" => false;
        "csumalpha" "1" => false;
        "yymmd0" "250300" => true;
        "yymmd0" "250229" => false;
        "yymmd0" "240229" => true;
        "yymmd0" "251301" => false;
        "yymmdd" "250300" => false;
        "yymmdd" "251231" => true;
        "yymmdd" "25123" => false;
        "yyyymmdd" "20240229" => true;
        "yyyymmdd" "19000229" => false;
        "hhmi" "2359" => true;
        "hhmi" "2400" => false;
        "nonzero" "000" => false;
        "nonzero" "010" => true;
        "pieceoftotal" "0102" => true;
        "pieceoftotal" "0302" => false;
        "pieceoftotal" "0000" => false;
        "pcenc" "a%20b" => true;
        "pcenc" "a%2" => false;
        "pcenc" "a%zz" => false;
        "iso3166" "276" => true;
        "iso3166" "999" => false;
        "iso3166999" "999" => true;
        "iso3166" "27" => false;
        "latitude" "1800000000" => true;
        "latitude" "1800000001" => false;
        "nozeroprefix" "0" => false;
        "nozeroprefix" "012" => false;
        "nozeroprefix" "10" => true;
        "nozeroprefix" "" => true;
        "posinseqslash" "1/2" => true;
        "posinseqslash" "3/2" => false;
        "winding" "9" => true;
        "winding" "2" => false;
        "iso3166alpha2" "DE" => true;
        "iso3166alpha2" "KE" => true;
        "iso3166alpha2" "AA" => false;
        "iso3166alpha2" "AN" => false;
        "iso3166alpha2" "de" => false;
        "iso3166alpha2" "DEU" => false;
        "iso4217" "978" => true;
        "iso4217" "404" => true;
        "iso4217" "000" => false;
        "iso4217" "009" => false;
        "iso4217" "97" => false;
        "importeridx" "-" => true;
        "importeridx" "z" => true;
        "importeridx" "#" => false;
        "importeridx" "AA" => false;
        "importeridx" "" => false;
        "mediatype" "01" => true;
        "mediatype" "10" => true;
        "mediatype" "80" => true;
        "mediatype" "99" => true;
        "mediatype" "00" => false;
        "mediatype" "11" => false;
        "mediatype" "79" => false;
        "mediatype" "1" => false;
        "mediatype" "001" => false;
        "mediatype" "AA" => false;
        "packagetype" "CT" => true;
        "packagetype" "PX" => true;
        "packagetype" "1A" => true;
        "packagetype" "200" => true;
        "packagetype" "8" => true;
        "packagetype" "ZZ" => true;
        "packagetype" "ct" => false;
        "packagetype" "00" => false;
        "packagetype" "CTN" => false;
        "packagetype" "1A_" => false;
        "packagetype" "" => false;
        // Funder id of 6 digits, offer code, serial of 6; then each length at its bounds.
        "couponposoffer" "001234561234560123456" => true;
        "couponposoffer" "101234561234560123456" => true;
        "couponposoffer" "061234567890121234569123456789012345" => true;
        "couponposoffer" "0012345612345611234567" => true;
        "couponposoffer" "" => false;
        "couponposoffer" "201234561234560123456" => false;
        "couponposoffer" "0" => false;
        "couponposoffer" "07123456" => false;
        "couponposoffer" "0012345" => false;
        "couponposoffer" "00123456123456" => false;
        "couponposoffer" "00123456123456012345" => false;
        "couponposoffer" "001234561234561123456" => false;
        "couponposoffer" "0012345612345601234567" => false;
        "couponposoffer" "a01234561234560123456" => false;
    }

    /// AI (8110), built field by field (GS1 US North American coupon guideline).
    #[test]
    fn north_american_coupon_codes() {
        // Company prefix (length 0: 6 digits), offer code, save value (length 1),
        // primary purchase requirement (length 1), its code, family code.
        let base = ["0123456", "123456", "15", "11", "0", "123"].concat();
        let every_field = [
            base.as_str(),
            "1", // second purchase follows
            "0", // additional purchase rules code
            "12",
            "1",
            "456", // requirement, its code, family code
            "9",   // company prefix: the primary one
            "2",
            "13",
            "2",
            "789",
            "0654321",   // third purchase, its own prefix
            "3261231",   // expires 31 Dec 2026
            "4260101",   // starts 1 Jan 2026
            "50123456",  // serial number (length 0: 6 digits)
            "611234567", // retailer prefix (length 1: 7 digits)
            "90101",     // save value code, applies to, store flag, don't multiply
        ]
        .concat();
        let error = |v: &str| check("couponcode", v).err().unwrap_or_default();
        assert_eq!(check("couponcode", &base), Ok(()));
        assert_eq!(check("couponcode", &every_field), Ok(()));
        assert_eq!(check("couponcode", &format!("{base}3261231")), Ok(()));
        for (value, says) in [
            (String::new(), "ends before its company prefix length"),
            (format!("a{}", &base[1..]), "digits only"),
            (
                format!("7{}", &base[1..]),
                "company prefix length cannot be 7",
            ),
            ("012345612345".to_string(), "ends before its offer code"),
            (
                "01234561234560".to_string(),
                "save value length cannot be 0",
            ),
            (
                base.replace("15110123", "15115123"),
                "primary purchase requirement code cannot be 5",
            ),
            (
                format!("{base}14"),
                "additional purchase rules code cannot be 4",
            ),
            (
                format!("{base}101214567"),
                "second purchase company prefix length cannot be 7",
            ),
            (format!("{base}3261332"), "expiration date month 13"),
            (format!("{base}32601014261231"), "expires before it starts"),
            (format!("{base}90102"), "don't multiply flag cannot be 2"),
            (
                format!("{base}7"),
                "goes on after its primary purchase family code",
            ),
            // Optional fields come in order: a second purchase after the expiry is not one.
            (
                format!("{base}32612311012"),
                "goes on after its expiration date",
            ),
            (
                format!("{base}61"),
                "ends before its retailer company prefix or GLN",
            ),
        ] {
            assert!(error(&value).contains(says), "{value}: {:?}", error(&value));
        }
    }

    #[test]
    fn the_code_lists_hold_what_iso_assigns() {
        assert_eq!(ISO3166_ALPHA2.split(' ').count(), 249);
        assert!(ISO4217_NUMERIC.split(' ').all(|c| c.len() == 3));
        // Every package type is one to three capital letters or digits, each once.
        let types: Vec<&str> = PACKAGE_TYPES.split_whitespace().collect();
        assert!(types.len() > 380, "{}", types.len());
        assert!(types.iter().all(|t| {
            (1..=3).contains(&t.len())
                && t.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }));
        let mut unique = types.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), types.len());
        for t in &types {
            assert_eq!(check("packagetype", t), Ok(()), "{t}");
        }
        for (name, list) in [
            ("iso3166alpha2", ISO3166_ALPHA2),
            ("iso4217", ISO4217_NUMERIC),
        ] {
            for code in list.split(' ') {
                assert_eq!(check(name, code), Ok(()), "{name} {code}");
            }
        }
    }

    #[test]
    fn check_digit_of_non_ascii_is_refused_not_panicking() {
        // Found by the `marking` fuzz target: a two-byte character at the end.
        assert!(check("csum", "?OOOOA\u{1d}OOOeК").is_err());
        assert!(check("csum", "é").is_err());
    }

    #[test]
    fn check_pair_of_long_input_is_refused_not_panicking() {
        assert!(compute_check_pair(&"A".repeat(40)).is_none());
        assert!(check("csumalpha", "é").is_err());
    }
}
