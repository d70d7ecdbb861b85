import { REGIONS, type Region } from '../../kernel/codes/region.ts';
import { USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { idNumberFor, orgCodeFor, regNoFor, usccFrom, type BodyStyle, type UsccPrefix } from './demo.codes.ts';
import {
  BRAND_CHARS, BRANDS, CITY_LETTERS, CITY_WEIGHTS, COMPANY_FORMS, COMPANY_INDUSTRIES, FEMALE_GIVEN_FIRST,
  FEMALE_GIVEN_SINGLE, MALE_GIVEN_FIRST, MALE_GIVEN_SINGLE, SHOP_WORDS, SURNAMES, TOWN_CHARS,
  type CompanyWords, type Industry,
} from './demo.names.ts';
import { createRng, deriveSeed, mix32, WeightedTable, type Rng } from './demo.rng.ts';
import type { SubjectKind } from './demo.text.ts';

export type DemoSubject = {
  kind: SubjectKind;
  name: string;
  uscc?: string;
  regNo?: string;
  idType?: '身份证';
  idNumber?: string;
  legalRep?: string; // 法定代表人, or the operator of an individual business
  regionCode: string; // county-level GB/T 2260 code
  industry?: Industry; // picks fitting violations and licenses; undefined fits any
};

export type DemoCity = {
  code: string;
  name: string; // '石家庄市'
  short: string; // '石家庄'
  abbr: string; // '石'
  letter: string; // 'A'
  counties: readonly Region[];
};

export type Place = { city: DemoCity | undefined; county: string };

// Persons are adults born in this window whatever the demo's `today`.
const BIRTH_FROM = '1955-01-01';
const BIRTH_TO = '2004-12-31';

const CITIES: readonly DemoCity[] = REGIONS
  .filter((r) => r.level === 'city' && !r.virtual)
  .map((r) => ({
    code: r.code,
    name: r.name,
    short: r.name.replace(/市$/, ''),
    abbr: r.name[0],
    letter: CITY_LETTERS[r.code] ?? 'A',
    counties: REGIONS.filter((c) => c.level === 'county' && c.parent === r.code),
  }));

const CITY_TABLE = new WeightedTable(CITIES.map((c) => [c, CITY_WEIGHTS[c.code] ?? 5] as const));

// urban districts hold more firms than rural counties
const COUNTY_TABLES: ReadonlyMap<string, WeightedTable<Region>> = new Map(
  CITIES.filter((c) => c.counties.length > 0).map((c) => [
    c.code,
    new WeightedTable(c.counties.map((k) => [k, k.name.endsWith('区') ? 3 : 1] as const)),
  ]),
);

const PLACES: ReadonlyMap<string, Place> = (() => {
  const map = new Map<string, Place>();
  for (const city of CITIES) {
    map.set(city.code, { city, county: '' });
    for (const county of city.counties) map.set(county.code, { city, county: county.name });
  }
  return map;
})();

export function placeOf(regionCode: string): Place {
  return PLACES.get(regionCode) ?? PLACES.get(cityCodeOf(regionCode)) ?? { city: undefined, county: '' };
}

export function cityCodeOf(regionCode: string): string {
  return regionCode.slice(0, 4) + '00';
}

const SURNAME_TABLE = new WeightedTable(SURNAMES);
const COMPANY_TABLE = new WeightedTable(COMPANY_INDUSTRIES.map((c) => [c, c.weight] as const));
const FORM_TABLE = new WeightedTable(COMPANY_FORMS);
const SHOP_TABLE = new WeightedTable(SHOP_WORDS.map(([industry, words, w]) => [{ industry, words }, w] as const));

export function personName(rng: Rng, male: boolean): string {
  const surname = SURNAME_TABLE.pick(rng);
  if (rng.chance(0.35)) return surname + rng.pick(male ? MALE_GIVEN_SINGLE : FEMALE_GIVEN_SINGLE);
  return surname + rng.pick(male ? MALE_GIVEN_FIRST : FEMALE_GIVEN_FIRST) + rng.pick(male ? MALE_GIVEN_SINGLE : FEMALE_GIVEN_SINGLE);
}

export function brandName(rng: Rng): string {
  if (rng.chance(0.35)) return rng.pick(BRANDS);
  const a = rng.pick(BRAND_CHARS);
  let b = rng.pick(BRAND_CHARS);
  if (b === a) b = rng.pick(BRAND_CHARS);
  if (rng.chance(0.3)) return a + b + rng.pick(BRAND_CHARS);
  return a + b;
}

function townName(rng: Rng): string {
  return rng.pick(TOWN_CHARS) + rng.pick(TOWN_CHARS) + (rng.chance(0.7) ? '镇' : '乡');
}

function pickCounty(rng: Rng, city: DemoCity): { code: string; name: string } {
  const table = COUNTY_TABLES.get(city.code);
  if (!table) return { code: city.code, name: '' };
  return table.pick(rng);
}

// a county-level name usable as a firm prefix: districts are not, counties and county cities are
function countyPrefix(name: string): string | undefined {
  return name.endsWith('区') || name === '' ? undefined : name;
}

function companyName(rng: Rng, city: DemoCity, county: string, words: CompanyWords): string {
  const brand = brandName(rng);
  const word = rng.pick(words.words);
  if (word === '农村商业银行') {
    return `河北${(countyPrefix(county) ?? city.short).replace(/(县|市)$/, '')}${word}股份有限公司`;
  }
  const form = words.form ? rng.pick(words.form) : FORM_TABLE.pick(rng);
  if (rng.chance(0.04)) {
    // a branch: registered where it operates, named after its head office
    return `河北${brand}${word}有限公司${county || city.short}分公司`;
  }
  const r = rng.next();
  const prefix = r < 0.45 ? city.short
    : r < 0.65 ? '河北'
    : r < 0.85 ? countyPrefix(county) ?? city.short
    : r < 0.95 ? city.name
    : city.name + county;
  return prefix + brand + word + form;
}

// Subject number `serial` of a stream; codes depend on (serial, salt) only, so they never repeat
// within one stream (for fewer than ~18 million persons and ~40 million firms).
function makeSubject(rng: Rng, serial: number, salt: number): DemoSubject {
  const city = CITY_TABLE.pick(rng);
  const county = pickCounty(rng, city);
  const r = rng.next();
  if (r < 0.7) return makeOrganization(rng, serial, salt, city, county);
  if (r < 0.9) return makeIndividualBusiness(rng, serial, salt, city, county);
  const person = idNumberFor(county.code, BIRTH_FROM, BIRTH_TO, serial, salt);
  return {
    kind: 'person',
    name: personName(rng, person.male),
    idType: '身份证',
    idNumber: person.idNumber,
    regionCode: county.code,
  };
}

function makeOrganization(
  rng: Rng,
  serial: number,
  salt: number,
  city: DemoCity,
  county: { code: string; name: string },
): DemoSubject {
  const legalRep = personName(rng, rng.chance(0.8));
  const t = rng.next();
  let prefix: UsccPrefix = '91';
  let style: BodyStyle = rng.chance(0.65) ? 'MA' : 'digits';
  let name: string;
  let industry: Industry;
  if (t < 0.03) {
    prefix = '93';
    style = 'MA';
    industry = 'agri';
    const what = rng.pick(['种植', '养殖', '果品', '蔬菜种植', '农机服务', '中药材种植', '食用菌种植']);
    name = `${county.name || city.name}${brandName(rng)}${what}专业合作社`;
  } else if (t < 0.06) {
    prefix = '12';
    style = 'digits';
    industry = 'medical-institution';
    const place = county.name || city.name;
    name = rng.chance(0.85)
      ? `${place}${townName(rng)}卫生院`
      : `${place}${rng.pick(['人民医院', '中医医院', '妇幼保健院', '第二医院'])}`;
  } else if (t < 0.1) {
    prefix = '52';
    style = 'MJ';
    industry = 'education';
    const what = rng.pick(['职业培训学校', '幼儿园', '培训学校', '养老服务中心', '康复中心']);
    name = `${city.name}${county.name}${brandName(rng)}${what}`;
  } else {
    const words = COMPANY_TABLE.pick(rng);
    industry = words.industry;
    name = companyName(rng, city, county.name, words);
  }
  // firms register at the county or the city authority
  const authority = rng.chance(0.65) ? county.code : city.code;
  const subject: DemoSubject = {
    kind: 'organization',
    name,
    uscc: usccFrom(prefix, authority, orgCodeFor(style, serial, salt)),
    legalRep,
    regionCode: county.code,
    industry,
  };
  // firms older than the 2015 reform still carry their 工商注册号
  if (prefix === '91' && style === 'digits' && rng.chance(0.5)) {
    subject.regNo = regNoFor(authority, 'organization', serial, salt);
  }
  return subject;
}

function makeIndividualBusiness(
  rng: Rng,
  serial: number,
  salt: number,
  city: DemoCity,
  county: { code: string; name: string },
): DemoSubject {
  const operator = personName(rng, rng.chance(0.6));
  const shop = SHOP_TABLE.pick(rng);
  const word = rng.pick(shop.words);
  const place = county.name || city.name;
  const r = rng.next();
  const name = r < 0.4 ? `${place}${brandName(rng)}${word}`
    : r < 0.7 ? `${place}${operator[0]}记${word}`
    : r < 0.9 ? `${city.name}${county.name}${operator}${word}`
    : `${place}${operator}${word}`;
  const subject: DemoSubject = {
    kind: 'individual_business',
    name,
    legalRep: operator,
    regionCode: county.code,
    industry: shop.industry,
  };
  // some registered before 2016 have only a 工商注册号 and report the placeholder code
  const placeholder = rng.chance(0.25);
  subject.uscc = placeholder
    ? USCC_PLACEHOLDER
    : usccFrom('92', county.code, orgCodeFor(rng.chance(0.8) ? 'MA' : 'digits', serial, salt));
  if (placeholder || rng.chance(0.3)) subject.regNo = regNoFor(county.code, 'individual_business', serial, salt);
  return subject;
}

// ~70 % organizations, ~20 % individual businesses, ~10 % persons; codes unique in the stream.
export function* generateSubjects(rng: Rng, count: number): Generator<DemoSubject> {
  const salt = rng.uint32();
  for (let i = 0; i < count; i++) yield makeSubject(rng, i, salt);
}

// Subject i of the stream named by seed, built on its own: a benchmark can spread a million rows
// over a million subjects without holding them. Codes are unique over i for one seed.
export function subjectAt(seed: number, i: number): DemoSubject {
  return makeSubject(createRng(deriveSeed(seed, i)), i, mix32(seed));
}

// Person i of a second stream of the seed, persons only (a province's residents beside its market
// entities, for the provincial-size bench data set). Born 1930–2008: 28,855 days × 1,000 sequence
// numbers, so ID numbers never repeat within this stream for i < 28,855,000; they may rarely equal
// a person of subjectAt's stream (same county, birth day and sequence), which loaders deduplicate.
const RESIDENT_FROM = '1930-01-01';
const RESIDENT_TO = '2008-12-31';
export function personAt(seed: number, i: number): DemoSubject {
  const rng = createRng(deriveSeed(mix32(seed ^ 0x70e50), i));
  const city = CITY_TABLE.pick(rng);
  const county = pickCounty(rng, city);
  const person = idNumberFor(county.code, RESIDENT_FROM, RESIDENT_TO, i, mix32(seed ^ 0x70e50));
  return { kind: 'person', name: personName(rng, person.male), idType: '身份证', idNumber: person.idNumber, regionCode: county.code };
}

export function subjectSource(seed: number): (i: number) => DemoSubject {
  const salt = mix32(seed);
  return (i) => makeSubject(createRng(deriveSeed(seed, i)), i, salt);
}
