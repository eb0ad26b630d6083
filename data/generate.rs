//! Deterministic sample data in the record shape of the Inperium API.
//!
//! Each record is `{"id", "properties", "createdAt", "updatedAt"}`, with both timestamps in epoch
//! milliseconds between 2023-01-01 and 2026-06-30 UTC and `updatedAt >= createdAt`. Contacts
//! refer to companies by `companyId`, and calls to contacts by `contactId`.
//!
//! Run it as the `generate-sample-data` example from the crate root to rewrite `data/*.json`, or
//! include it in a test with `#[path = "../data/generate.rs"] mod generate;` and compare
//! [`sample_files`] with the files on disk. The output depends only on the seeds below, because
//! the random numbers come from a SplitMix64 generator in this file and amounts are computed in
//! integer cents. It does not change with the platform or with the version of a random-number
//! crate.

use serde_json::{Map, Value};

/// 2023-01-01T00:00:00Z in epoch milliseconds, the earliest timestamp generated.
const START_MS: u64 = 1_672_531_200_000;

/// 2026-07-01T00:00:00Z in epoch milliseconds. Every timestamp is below it.
const END_MS: u64 = 1_782_864_000_000;

const DAY_MS: u64 = 86_400_000;

/// Upper bound of every `startedAt` and of every `createdAt` outside calls. It is a day before
/// `END_MS`, which leaves room for a call's duration.
const LAST_CREATED_MS: u64 = END_MS - DAY_MS;

const COMPANY_COUNT: usize = 300;
const PRODUCT_COUNT: usize = 40;
const CONTACT_COUNT: usize = 200;
const CALL_COUNT: usize = 300;

/// Returns each sample file's name inside `data/` and its exact text: the pretty-printed JSON
/// array and a trailing newline.
pub fn sample_files() -> Vec<(&'static str, String)> {
    let companies = generate_companies();
    let contacts = generate_contacts(&companies);
    let calls = generate_calls(&contacts);
    let products = generate_products();

    let company_records = companies
        .into_iter()
        .map(|company| company.record)
        .collect();
    let contact_records = contacts.into_iter().map(|contact| contact.record).collect();

    vec![
        ("companies.json", to_file_text(company_records)),
        ("products.json", to_file_text(products)),
        ("contacts.json", to_file_text(contact_records)),
        ("calls.json", to_file_text(calls)),
    ]
}

/// Writes the sample files into `data/` under the current directory, which must be the crate
/// root.
#[allow(dead_code, clippy::print_stderr)]
fn main() {
    let directory = std::path::Path::new("data");
    if !directory.is_dir() {
        eprintln!(
            "error: directory `data` not found in the current directory; \
             run `cargo run --example generate-sample-data` from the crate root"
        );
        std::process::exit(1);
    }

    for (name, text) in sample_files() {
        let path = directory.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("error: failed to write {}: {error}", path.display());
            std::process::exit(1);
        }
    }
}

fn to_file_text(records: Vec<Value>) -> String {
    let mut text = serde_json::to_string_pretty(&Value::Array(records))
        .expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// The SplitMix64 pseudo-random generator. Changing its constants or a seed changes every
/// sample file that depends on it.
struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number in `low..=high`. The modulo bias is below 1e-8 because no range here
    /// spans more than about 1.1e11 values.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// Returns true with a probability of `percent` in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }

    /// Picks an item with a probability proportional to its weight.
    fn pick_weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, weight)| weight).sum();
        let mut ticket = self.range(0, total - 1);
        for (item, weight) in items {
            if ticket < *weight {
                return item;
            }
            ticket -= weight;
        }
        unreachable!("the ticket is below the total weight")
    }
}

/// Builds a JSON object with its keys inserted in sorted order. The text is then the same whether
/// serde_json's `Map` is a `BTreeMap` or, with the `preserve_order` feature, an `IndexMap`.
fn object(mut fields: Vec<(&str, Value)>) -> Value {
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let map: Map<String, Value> = fields
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    Value::Object(map)
}

fn record(id: usize, properties: Vec<(&str, Value)>, created_at: u64, updated_at: u64) -> Value {
    object(vec![
        ("id", Value::from(id)),
        ("properties", object(properties)),
        ("createdAt", Value::from(created_at)),
        ("updatedAt", Value::from(updated_at)),
    ])
}

/// Returns an update time: a fifth of the records were never edited, the rest at any later time.
fn updated_after(rng: &mut Rng, created_at: u64) -> u64 {
    if rng.chance(20) {
        created_at
    } else {
        rng.range(created_at, END_MS - 1)
    }
}

/// Returns an amount of money given in cents: a JSON integer when it is whole, else a number
/// with up to two decimals. IEEE 754 division is correctly rounded, so the `f64` and its
/// shortest printed form are the same on every platform.
fn money(cents: u64) -> Value {
    if cents.is_multiple_of(100) {
        Value::from(cents / 100)
    } else {
        Value::from(cents as f64 / 100.0)
    }
}

/// Lowercases `text` and keeps only ASCII letters and digits, spelling common Latin letters
/// with diacritics as their base letter. Used to build e-mail addresses and domains.
fn ascii_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c);
                continue;
            }
            _ => continue,
        };
        slug.push_str(folded);
    }
    slug
}

// ---------------------------------------------------------------------------------------------
// Countries

#[derive(Clone, Copy)]
enum AddressStyle {
    /// "221 Baker Street"
    NumberFirst,
    /// "Hauptstraße 12"
    NumberLast,
    /// "Avenida Paulista, 1578"
    NumberLastComma,
    /// "1-9-2 Marunouchi": chōme, block and building number, then the district.
    Japanese,
}

struct Country {
    /// ISO 3166-1 alpha-2 code.
    code: &'static str,
    /// Share of companies in this country, in percent.
    weight: u64,
    dial_code: &'static str,
    cities: &'static [&'static str],
    streets: &'static [&'static str],
    address_style: AddressStyle,
    legal_forms: &'static [&'static str],
    top_level_domain: &'static str,
    postal_code: fn(&mut Rng) -> String,
}

/// Letters used in British and Canadian postcodes.
const POSTCODE_LETTERS: &[u8] = b"ABCEGHJLMNPRSTWXYZ";

fn postcode_letter(rng: &mut Rng) -> char {
    *rng.pick(POSTCODE_LETTERS) as char
}

#[rustfmt::skip]
const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        weight: 30,
        dial_code: "+1",
        cities: &[
            "New York", "San Francisco", "Boston", "Cambridge", "Austin", "Chicago", "Seattle",
            "Denver", "Atlanta", "Miami", "Portland", "San Diego",
        ],
        streets: &[
            "Main Street", "Market Street", "Mission Street", "Elm Street", "Broadway",
            "Park Avenue", "Lakeshore Drive", "Sunset Boulevard", "Peachtree Road", "Pine Street",
        ],
        address_style: AddressStyle::NumberFirst,
        // The spellings "inc" and "INC." imitate names entered by hand.
        legal_forms: &[
            "Inc", "Inc", "Inc.", "Inc.", "inc", "INC.", "LLC", "LLC", "Corp", "Corp.",
            "Corporation", "Co.",
        ],
        top_level_domain: "com",
        postal_code: |rng| format!("{:05}", rng.range(501, 99_950)),
    },
    Country {
        code: "GE",
        weight: 5,
        dial_code: "+995",
        cities: &["Tbilisi", "Batumi", "Kutaisi", "Rustavi"],
        streets: &[
            "Rustaveli Avenue", "Chavchavadze Avenue", "Aghmashenebeli Avenue", "Pekini Avenue",
            "Vazha-Pshavela Avenue",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["LLC", "LLC", "JSC"],
        top_level_domain: "ge",
        postal_code: |rng| format!("{:04}", rng.range(100, 6_000)),
    },
    Country {
        code: "FR",
        weight: 8,
        dial_code: "+33",
        cities: &[
            "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux",
        ],
        streets: &[
            "Rue de Rivoli", "Avenue des Champs-Élysées", "Rue de la République",
            "Boulevard Haussmann", "Rue Victor Hugo", "Quai Saint-Antoine",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["SA", "SAS", "SAS", "SARL"],
        top_level_domain: "fr",
        postal_code: |rng| format!("{:05}", rng.range(1_000, 95_999)),
    },
    Country {
        code: "DE",
        weight: 9,
        dial_code: "+49",
        cities: &[
            "Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
            "Leipzig",
        ],
        streets: &[
            "Hauptstraße", "Bahnhofstraße", "Friedrichstraße", "Königsallee", "Schillerstraße",
            "Gartenweg", "Marktplatz",
        ],
        address_style: AddressStyle::NumberLast,
        legal_forms: &["GmbH", "GmbH", "AG", "GmbH & Co. KG", "SE"],
        top_level_domain: "de",
        postal_code: |rng| format!("{:05}", rng.range(1_067, 99_998)),
    },
    Country {
        code: "GB",
        weight: 10,
        dial_code: "+44",
        cities: &[
            "London", "Manchester", "Birmingham", "Leeds", "Edinburgh", "Glasgow", "Bristol",
            "Cardiff",
        ],
        streets: &[
            "High Street", "Baker Street", "Deansgate", "Princes Street", "Park Lane",
            "Queen Street", "Church Road", "Station Road",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["Ltd", "Ltd", "Limited", "plc"],
        top_level_domain: "co.uk",
        postal_code: |rng| {
            let outward = *rng.pick(&[
                "SW1A", "EC2V", "M1", "B15", "LS1", "EH1", "G2", "CF10", "BS1",
            ]);
            let digit = rng.range(1, 9);
            let first = postcode_letter(rng);
            let second = postcode_letter(rng);
            format!("{outward} {digit}{first}{second}")
        },
    },
    Country {
        code: "CA",
        weight: 9,
        dial_code: "+1",
        cities: &[
            "Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Halifax",
        ],
        streets: &[
            "Yonge Street", "Bay Street", "Rue Sainte-Catherine", "Robson Street",
            "King Street West", "Granville Street",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["Inc.", "Inc.", "Ltd.", "Corp.", "Inc"],
        top_level_domain: "ca",
        postal_code: |rng| {
            let area = *rng.pick(&['H', 'K', 'L', 'M', 'T', 'V', 'B']);
            let digits = [rng.range(0, 9), rng.range(0, 9), rng.range(0, 9)];
            let letters = [postcode_letter(rng), postcode_letter(rng)];
            format!(
                "{area}{}{} {}{}{}",
                digits[0], letters[0], digits[1], letters[1], digits[2]
            )
        },
    },
    Country {
        code: "JP",
        weight: 8,
        dial_code: "+81",
        cities: &[
            "Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "Kyoto",
        ],
        streets: &[
            "Marunouchi", "Shibuya", "Nishi-Shinjuku", "Umeda", "Minato Mirai", "Sakae", "Tenjin",
        ],
        address_style: AddressStyle::Japanese,
        legal_forms: &["K.K.", "Co., Ltd.", "Co., Ltd."],
        top_level_domain: "co.jp",
        postal_code: |rng| format!("{:03}-{:04}", rng.range(100, 999), rng.range(0, 9_999)),
    },
    Country {
        code: "IN",
        weight: 9,
        dial_code: "+91",
        cities: &[
            "Bengaluru", "Mumbai", "New Delhi", "Hyderabad", "Chennai", "Pune", "Kolkata",
        ],
        streets: &[
            "MG Road", "Brigade Road", "Linking Road", "Anna Salai", "Park Street", "FC Road",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["Pvt. Ltd.", "Pvt. Ltd.", "Limited"],
        top_level_domain: "in",
        postal_code: |rng| format!("{:06}", rng.range(110_001, 855_117)),
    },
    Country {
        code: "BR",
        weight: 6,
        dial_code: "+55",
        cities: &[
            "São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Recife",
        ],
        streets: &[
            "Avenida Paulista", "Rua Augusta", "Avenida Atlântica", "Rua da Consolação",
            "Rua XV de Novembro", "Avenida Ipiranga",
        ],
        address_style: AddressStyle::NumberLastComma,
        legal_forms: &["Ltda.", "Ltda.", "S.A."],
        top_level_domain: "com.br",
        postal_code: |rng| format!("{:05}-{:03}", rng.range(1_000, 99_999), rng.range(0, 999)),
    },
    Country {
        code: "AU",
        weight: 6,
        dial_code: "+61",
        cities: &[
            "Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra",
        ],
        streets: &[
            "George Street", "Collins Street", "Queen Street", "Hay Street", "King William Street",
            "Pitt Street",
        ],
        address_style: AddressStyle::NumberFirst,
        legal_forms: &["Pty Ltd", "Pty Ltd", "Limited"],
        top_level_domain: "com.au",
        postal_code: |rng| format!("{:04}", rng.range(200, 7_999)),
    },
];

fn country(code: &str) -> &'static Country {
    COUNTRIES
        .iter()
        .find(|country| country.code == code)
        .expect("the code is in COUNTRIES")
}

fn street_address(rng: &mut Rng, country: &Country) -> String {
    let street = rng.pick(country.streets);
    match country.address_style {
        AddressStyle::NumberFirst => format!("{} {street}", rng.range(1, 2_400)),
        AddressStyle::NumberLast => format!("{street} {}", rng.range(1, 180)),
        AddressStyle::NumberLastComma => format!("{street}, {}", rng.range(1, 3_000)),
        AddressStyle::Japanese => format!(
            "{}-{}-{} {street}",
            rng.range(1, 9),
            rng.range(1, 30),
            rng.range(1, 20)
        ),
    }
}

/// Returns a phone number in the international format of the country. North American numbers
/// come from the 555-0100 to 555-0199 block reserved for fiction. Elsewhere the digits are
/// random, so such a number may exist.
fn phone_number(rng: &mut Rng, country: &Country) -> String {
    match country.code {
        "US" | "CA" => format!(
            "{} {}-555-01{:02}",
            country.dial_code,
            rng.range(201, 989),
            rng.range(0, 99)
        ),
        _ => format!(
            "{} {} {:03} {:04}",
            country.dial_code,
            rng.range(10, 99),
            rng.range(0, 999),
            rng.range(0, 9_999)
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Companies

/// Industry codes, each with the words that may follow the name stem of a company in it.
#[rustfmt::skip]
const INDUSTRIES: &[(&str, &[&str])] = &[
    ("TECHNOLOGY", &[
        "Systems", "Software", "Labs", "Analytics", "Robotics", "Networks", "Enterprise Software",
        "Cloud",
    ]),
    ("HEALTHCARE", &["Health", "Medical", "Biotech", "Pharma", "Care", "Diagnostics"]),
    ("FINANCIAL", &[
        "Capital", "Financial", "Bank", "Insurance", "Investments", "Asset Management",
    ]),
    ("GOVERNMENT", &["Public Services", "Civic Solutions", "Defense Systems", "Infrastructure"]),
    ("RETAIL", &["Foods", "Outfitters", "Markets", "Home Goods", "Apparel", "Trading"]),
    ("MANUFACTURING", &[
        "Manufacturing", "Industries", "Steel", "Plastics", "Machine Works", "Components",
    ]),
    ("EDUCATION", &["Learning", "Academy", "Education", "Training", "EdTech"]),
    ("ENERGY", &["Energy", "Power", "Solar", "Renewables", "Oil & Gas", "Utilities"]),
];

/// Words after the stem for a company whose industry is unknown, and sometimes for any company.
const GENERAL_DESCRIPTORS: &[&str] =
    &["Enterprises", "Enterprise", "Group", "Holdings", "Partners"];

/// Name stems. None contains "inc", "corp" or "enterprise", so those words come only from the
/// legal form or the descriptor.
#[rustfmt::skip]
const COMPANY_STEMS: &[&str] = &[
    "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Acme", "Tyrell",
    "Cyberdyne", "Hooli", "Vandelay", "Wonka", "Aperture", "Blue Harbor", "Red Cedar",
    "Silver Lake", "Granite Peak", "Evergreen", "Summit", "Pinnacle", "Horizon", "Atlas",
    "Meridian", "Polaris", "Orion", "Nimbus", "Quantum", "Vertex", "Keystone", "Lighthouse",
    "Riverbend", "Ironwood", "Maple Leaf", "Sakura", "Kestrel", "Falcon", "Harbor Point",
    "Copperline", "Bright Path", "Tidewater", "Sterling", "Crescent", "O'Malley", "Bluebird",
    "Stonebridge", "Westfield", "Eastgate", "Northstar", "Sunrise", "Lakeside", "Redwood",
    "Greenleaf", "Oakmont", "Highland", "Coastal", "Pioneer", "Frontier", "Beacon", "Cobalt",
    "Amber", "Juniper", "Willow", "Aspen", "Sequoia", "Cascade", "Silverline", "Goldcrest",
    "Bayview", "Clearwater", "Brightstone", "Ashford", "Whitmore", "Kingsley", "Hartwell",
    "Fairbanks", "Mosaic", "Prism", "Helix", "Nova", "Zenith", "Apex", "Trident", "Lumen",
    "Arcadia", "Solstice", "Everest", "Kilimanjaro", "Andes", "Sahara", "Tundra",
];

/// Companies with fixed ids and names, several of them outside ASCII, with their country and the
/// domain of their e-mail addresses.
#[rustfmt::skip]
const FIXED_COMPANIES: &[(usize, &str, &str, &str)] = &[
    (1, "Northwind Inc", "US", "northwind.com"),
    (7, "Müller GmbH", "DE", "mueller.de"),
    (23, "北京 Trading", "AU", "beijingtrading.com.au"),
    (41, "Société Lumière SARL", "FR", "societelumiere.fr"),
    (58, "Café Montréal Inc.", "CA", "cafemontreal.ca"),
    (77, "São Jorge Logística Ltda.", "BR", "saojorge.com.br"),
    (96, "東京 Robotics K.K.", "JP", "tokyorobotics.co.jp"),
    (134, "Nürnberger Präzision GmbH", "DE", "nuernberger-praezision.de"),
    (177, "ქართული Wine LLC", "GE", "kartuliwine.ge"),
    (212, "Bengaluru Enterprise Cloud Pvt. Ltd.", "IN", "bengalurucloud.in"),
    (256, "Ångström Optics Ltd", "GB", "angstromoptics.co.uk"),
];

/// Values that some filter examples compare `employeeCount` with, so that bounds and the
/// difference between numeric and text order are visible.
const SPECIAL_EMPLOYEE_COUNTS: &[u64] = &[3, 14, 15, 16, 49, 50, 51, 999, 1_000, 1_001, 25_000];

/// Values that some filter examples compare `annualRevenue` with.
const SPECIAL_REVENUES: &[u64] = &[200_000, 500_000, 1_000_000];

/// A generated company and the facts that its contacts take from it.
struct Company {
    record: Value,
    /// The country of its address, even where the record's `country` is null or missing.
    country: &'static Country,
    domain: String,
    created_at: u64,
}

fn generate_companies() -> Vec<Company> {
    let mut rng = Rng::new(0xC0_4D_A1_E5);
    let country_weights: Vec<(&Country, u64)> = COUNTRIES
        .iter()
        .map(|country| (country, country.weight))
        .collect();
    let mut used_names = std::collections::BTreeSet::new();
    let mut companies = Vec::with_capacity(COMPANY_COUNT);

    for id in 1..=COMPANY_COUNT {
        let fixed = FIXED_COMPANIES.iter().find(|fixed| fixed.0 == id);
        let company_country = match fixed {
            Some(&(_, _, code, _)) => country(code),
            None => *rng.pick_weighted(&country_weights),
        };
        let industry = if rng.chance(5) {
            None
        } else {
            Some(rng.pick(INDUSTRIES))
        };

        let (name, domain) = match fixed {
            Some(&(_, name, _, domain)) => (name.to_string(), domain.to_string()),
            None => loop {
                let (name, domain) = company_name(&mut rng, company_country, industry);
                if !used_names.contains(&name) {
                    break (name, domain);
                }
            },
        };
        used_names.insert(name.clone());

        let mut properties = vec![
            ("companyName", Value::from(name)),
            (
                "industry",
                industry.map_or(Value::Null, |(code, _)| Value::from(*code)),
            ),
            (
                "type",
                Value::from(*rng.pick_weighted(&[
                    ("PROSPECT", 40),
                    ("CUSTOMER", 35),
                    ("PARTNER", 15),
                    ("VENDOR", 10),
                ])),
            ),
            ("annualRevenue", annual_revenue(&mut rng)),
            (
                "addressLine1",
                Value::from(street_address(&mut rng, company_country)),
            ),
            ("city", Value::from(*rng.pick(company_country.cities))),
            ("dealIds", deal_ids(&mut rng)),
        ];
        if let Some(count) = employee_count(&mut rng) {
            properties.push(("employeeCount", Value::from(count)));
        }

        // A fixed company always has a `country`. Of the others, 4% have a null `country` and 2%
        // none at all.
        let country_roll = if fixed.is_some() {
            99
        } else {
            rng.range(0, 99)
        };
        if country_roll < 4 {
            properties.push(("country", Value::Null));
        } else if country_roll >= 6 {
            properties.push(("country", Value::from(company_country.code)));
        }

        // 3% of the companies have a null `zip`, 60% a postal code and the rest none at all.
        let zip_roll = rng.range(0, 99);
        if zip_roll < 3 {
            properties.push(("zip", Value::Null));
        } else if zip_roll < 63 {
            properties.push(("zip", Value::from((company_country.postal_code)(&mut rng))));
        }

        let created_at = rng.range(START_MS, LAST_CREATED_MS);
        let updated_at = updated_after(&mut rng, created_at);
        companies.push(Company {
            record: record(id, properties, created_at, updated_at),
            country: company_country,
            domain,
            created_at,
        });
    }
    companies
}

/// Returns a company name and the domain of its e-mail addresses.
fn company_name(
    rng: &mut Rng,
    country: &Country,
    industry: Option<&(&str, &[&str])>,
) -> (String, String) {
    let stem = *rng.pick(COMPANY_STEMS);
    let descriptor = match industry {
        None => Some(*rng.pick(GENERAL_DESCRIPTORS)),
        Some(_) if rng.chance(8) => Some(*rng.pick(GENERAL_DESCRIPTORS)),
        Some((_, descriptors)) if rng.chance(65) => Some(*rng.pick(descriptors)),
        Some(_) => None,
    };
    let legal_form = *rng.pick(country.legal_forms);

    let mut name = stem.to_string();
    if let Some(descriptor) = descriptor {
        name.push(' ');
        name.push_str(descriptor);
    }
    // A name with a descriptor drops the legal form 30% of the time. A bare stem always gets
    // one, because there are too few stems to keep bare names unique.
    if descriptor.is_none() || rng.chance(70) {
        name.push(' ');
        name.push_str(legal_form);
    }

    let domain = format!(
        "{}{}.{}",
        ascii_slug(stem),
        ascii_slug(descriptor.unwrap_or("")),
        country.top_level_domain
    );
    (name, domain)
}

/// Returns a head count as decimal text, the way the API stores `employeeCount`, or None for a
/// company that does not state one.
fn employee_count(rng: &mut Rng) -> Option<String> {
    if rng.chance(5) {
        return None;
    }
    if rng.chance(10) {
        return Some(rng.pick(SPECIAL_EMPLOYEE_COUNTS).to_string());
    }

    let (low, high) = *rng.pick_weighted(&[
        ((3, 14), 12),
        ((15, 50), 15),
        ((51, 250), 20),
        ((251, 999), 18),
        ((1_000, 4_999), 20),
        ((5_000, 25_000), 15),
    ]);
    let mut count = rng.range(low, high);
    // Large companies report round numbers.
    if count >= 1_000 {
        count -= count % 10;
    }
    Some(count.to_string())
}

/// Returns the yearly revenue in US dollars, mostly whole thousands and sometimes with cents, or
/// null for a company that does not state it.
fn annual_revenue(rng: &mut Rng) -> Value {
    if rng.chance(5) {
        return Value::Null;
    }
    if rng.chance(6) {
        return Value::from(*rng.pick(SPECIAL_REVENUES));
    }

    let (low, high) = *rng.pick_weighted(&[
        ((10_000, 99_999), 15),
        ((100_000, 999_999), 35),
        ((1_000_000, 9_999_999), 35),
        ((10_000_000, 50_000_000), 15),
    ]);
    let dollars = rng.range(low, high);
    if rng.chance(15) {
        let cents = dollars * 100 + rng.range(1, 99);
        money(cents)
    } else {
        let rounded = if dollars >= 100_000 {
            dollars - dollars % 1_000
        } else {
            dollars - dollars % 100
        };
        Value::from(rounded)
    }
}

/// Returns 0 to 4 distinct deal ids in ascending order.
fn deal_ids(rng: &mut Rng) -> Value {
    let count = rng.range(0, 4);
    let mut ids: Vec<u64> = Vec::new();
    while (ids.len() as u64) < count {
        let id = rng.range(10_001, 19_999);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.sort_unstable();
    Value::from(ids)
}

// ---------------------------------------------------------------------------------------------
// Products

/// Name, cost range in whole dollars, and description of each product, in id order.
#[rustfmt::skip]
const PRODUCTS: &[(&str, u64, u64, &str)] = &[
    ("Acoustic Guitar", 90, 900,
        "Dreadnought body with a solid spruce top and rosewood fingerboard."),
    ("Classical Guitar", 80, 700, "Nylon-string guitar with a cedar top, for fingerstyle playing."),
    ("Electric Guitar", 150, 1_400, "Solid-body guitar with two humbucking pickups."),
    ("Bass Guitar", 140, 1_200, "Four-string electric bass with a maple neck."),
    ("Ukulele", 25, 220, "Concert-size ukulele in mahogany, with gig bag."),
    ("Mandolin", 120, 900, "A-style mandolin with an arched top."),
    ("Banjo", 150, 1_100, "Five-string resonator banjo."),
    ("Violin", 110, 2_500, "Full-size violin outfit with bow, case and rosin."),
    ("Viola", 160, 2_800, "16-inch viola with ebony fittings."),
    ("Cello", 400, 4_500, "Full-size cello with a laminated back, for students."),
    ("Double Bass", 900, 6_000, "3/4 upright bass with adjustable bridge."),
    ("Harp", 1_800, 9_000, "Concert pedal harp with 47 strings."),
    ("Harpsichord", 4_000, 14_000, "Two-manual harpsichord after a Flemish design."),
    ("Harp Strings", 30, 160,
        "Complete set of nylon and wound strings for a 36-string lever harp."),
    ("Lever Harp", 700, 3_500, "34-string lever harp in maple, with sharping levers."),
    ("Grand Piano", 9_000, 45_000, "Six-foot grand piano with a spruce soundboard."),
    ("Upright Piano", 2_500, 9_000, "Studio upright piano, 48 inches tall."),
    ("Digital Piano", 300, 2_200, "88 weighted keys, headphone output and USB MIDI."),
    ("Accordion", 350, 3_000, "Piano accordion with 72 bass buttons."),
    ("Flute", 120, 1_800, "Silver-plated C flute with offset G key."),
    ("Piccolo", 150, 1_500, "Piccolo in grenadilla wood."),
    ("Clarinet", 130, 1_600, "B-flat clarinet with a composite body."),
    ("Oboe", 600, 4_000, "Conservatory-system oboe."),
    ("Bassoon", 1_500, 8_000, "Maple bassoon with a high D key."),
    ("Alto Saxophone", 300, 2_800, "E-flat alto saxophone in gold lacquer."),
    ("Tenor Saxophone", 400, 3_500, "B-flat tenor saxophone with a high F-sharp key."),
    ("Trumpet", 150, 2_000, "B-flat trumpet with a medium-large bore."),
    ("Trombone", 200, 2_200, "Tenor trombone with an F attachment."),
    ("French Horn", 900, 5_500, "Double horn in F and B-flat."),
    ("Tuba", 1_500, 7_000, "Four-valve BB-flat tuba."),
    ("Drum Kit", 350, 3_000, "Five-piece kit with cymbals and hardware."),
    ("Snare Drum", 80, 600, "14 x 5.5 inch steel snare drum."),
    ("Djembe", 40, 350, "Rope-tuned djembe with a goatskin head."),
    ("Cajón", 50, 300, "Box drum with adjustable snare wires."),
    ("Marimba", 1_800, 9_000, "4.3-octave marimba with rosewood bars."),
    ("Glockenspiel", 60, 500, "2.5-octave glockenspiel with mallets."),
    ("Harmonica", 15, 120, "Ten-hole diatonic harmonica in C."),
    ("Tin Whistle", 8, 60, "D whistle in nickel-plated brass."),
    ("Sitar", 250, 1_800, "Sitar with 7 playing strings and 13 sympathetic strings."),
    ("Koto", 900, 5_000, "13-string koto in paulownia wood."),
];

fn generate_products() -> Vec<Value> {
    let mut rng = Rng::new(0x9D_0D_0C_75);
    let mut products = Vec::with_capacity(PRODUCT_COUNT);

    for (index, &(name, cost_low, cost_high, description)) in PRODUCTS.iter().enumerate() {
        let id = index + 1;
        let cost_cents = rng.range(cost_low * 100, cost_high * 100);
        // The price is 1.4 to 2.6 times the cost, with its cents set to 99.
        let markup_cents = cost_cents * rng.range(140, 260) / 100;
        let price_cents = markup_cents - markup_cents % 100 + 99;

        let properties = vec![
            ("code", Value::from(format!("PRD-{id:04}"))),
            ("name", Value::from(name)),
            ("description", Value::from(description)),
            ("cost", money(cost_cents)),
            ("price", money(price_cents)),
        ];
        let created_at = rng.range(START_MS, LAST_CREATED_MS);
        let updated_at = updated_after(&mut rng, created_at);
        products.push(record(id, properties, created_at, updated_at));
    }
    assert_eq!(products.len(), PRODUCT_COUNT);
    products
}

// ---------------------------------------------------------------------------------------------
// Contacts

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Emma", "Noah", "Mia", "Ethan", "Sophie", "Mateo", "Hana", "Arjun", "Priya", "Diego", "Yuki",
    "Kenji", "Nino", "Giorgi", "Tamar", "Omar", "Sara", "Jonas", "Anna", "Marco", "Wei", "Ravi",
    "Maria", "Pierre", "Thomas", "Hugo", "Zoë", "José", "Søren", "François", "Björn", "Olivia",
    "Liam", "Lucas", "Lena", "Layla", "Leila", "Isabella", "Daniel", "Michael", "Emily",
    "Charlotte", "Luis", "Camille", "Clara", "Luka", "Levan", "Elena", "Alejandro", "Lars",
    "Amelia", "Chloé", "Aaliyah", "Kofi", "Ngozi",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Miller", "Williams", "Kowalski", "Lee", "Collins", "Alvarez", "Schulz", "Müller", "Kelly",
    "Silva", "Oliveira", "Laurent", "Lefebvre", "Patel", "Taylor", "Wilson", "O'Brien", "Clarke",
    "Beridze", "Kapanadze", "Tanaka", "Suzuki", "Sato", "Sharma", "Gupta", "Kim", "Wang", "Nguyen",
    "Smith", "Johnson", "Brown", "García", "Martin", "Dubois", "Fischer", "Weber", "Schneider",
    "Costa", "Santos", "Ferreira", "Singh", "Reddy", "Ito", "Murphy", "Jansen", "Mensah", "Okafor",
];

/// A generated contact and the facts that its calls take from it.
struct Contact {
    record: Value,
    created_at: u64,
}

fn generate_contacts(companies: &[Company]) -> Vec<Contact> {
    let mut rng = Rng::new(0xC0_47_AC_75);
    let mut contacts = Vec::with_capacity(CONTACT_COUNT);

    for id in 1..=CONTACT_COUNT {
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let company_index = rng.range(0, companies.len() as u64 - 1) as usize;
        let company = &companies[company_index];

        let first_slug = ascii_slug(first);
        let last_slug = ascii_slug(last);
        let local_part = match rng.range(0, 2) {
            0 => format!("{first_slug}.{last_slug}"),
            1 => format!("{}{last_slug}", &first_slug[..1]),
            _ => first_slug,
        };

        let properties = vec![
            ("fullName", Value::from(format!("{first} {last}"))),
            (
                "email",
                Value::from(format!("{local_part}@{}", company.domain)),
            ),
            (
                "phone",
                Value::from(phone_number(&mut rng, company.country)),
            ),
            ("companyId", Value::from(company_index + 1)),
        ];
        let created_at = rng.range(company.created_at, LAST_CREATED_MS);
        let updated_at = updated_after(&mut rng, created_at);
        contacts.push(Contact {
            record: record(id, properties, created_at, updated_at),
            created_at,
        });
    }
    contacts
}

// ---------------------------------------------------------------------------------------------
// Calls

fn generate_calls(contacts: &[Contact]) -> Vec<Value> {
    let mut rng = Rng::new(0xCA_11_5E_ED);
    let mut calls = Vec::with_capacity(CALL_COUNT);

    for id in 1..=CALL_COUNT {
        let contact_index = rng.range(0, contacts.len() as u64 - 1) as usize;
        let contact = &contacts[contact_index];
        let direction = *rng.pick_weighted(&[("outbound", 55), ("inbound", 45)]);

        // An unanswered call lasts 0 seconds.
        let duration_seconds = if rng.chance(12) {
            0
        } else {
            let (low, high) =
                *rng.pick_weighted(&[((5, 59), 20), ((60, 599), 50), ((600, 3_600), 30)]);
            rng.range(low, high)
        };

        let started_at = rng.range(contact.created_at, LAST_CREATED_MS);
        // A call is logged when it ends.
        let created_at = started_at + duration_seconds * 1_000;
        let updated_at = updated_after(&mut rng, created_at);

        let properties = vec![
            ("direction", Value::from(direction)),
            ("duration", Value::from(duration_seconds)),
            ("startedAt", Value::from(started_at)),
            ("contactId", Value::from(contact_index + 1)),
        ];
        calls.push(record(id, properties, created_at, updated_at));
    }
    calls
}
