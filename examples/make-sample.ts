/**
 * Writes `examples/sample-contacts.csv`: 10,000 contacts with the mess real files have (mixed
 * case, stray spaces, bad emails, UK phone numbers and postcodes in many formats, blanks).
 * Seeded, so every run writes the same bytes; the CSV is committed and this script documents how
 * it was made.
 *
 * Phone numbers come from Ofcom's ranges reserved for drama (07700 900xxx, 020 7946 0xxx,
 * 0113 496 0xxx, 0161 496 0xxx, 0117 496 0xxx), so no real person is ever called. The
 * landline ranges pass a number-plan check; 07700 900xxx is not allocated, so a cleanser
 * rightly calls those mobiles invalid (a fifth of the numbers).
 *
 * Run: `node --import tsx examples/make-sample.ts [count] [file]`
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { Prng } from '../bench/prng.js';

const prng = new Prng(20240611);
const random = (): number => prng.next();
const chance = (p: number): boolean => prng.chance(p);
const integer = (min: number, max: number): number => prng.int(min, max);
const pick = <T>(items: readonly T[]): T => prng.pick(items);
const digits = (n: number): string => prng.digits(n);

const FIRST_NAMES = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Noah', 'Mia', 'Jack', 'Ivy', 'Leo', 'Lily',
  'Arthur', 'Freya', 'Muhammad', 'Florence', 'Oscar', 'Grace', 'Charlie', 'Sophia', 'Thomas', 'Emily',
  'James', 'Poppy', 'William', 'Evie', 'Henry', 'Ella', 'Alfie', 'Rosie', 'Siân', 'Zoë', 'Niamh',
  'Rhys', 'Aoife', 'Seán', 'Priya', 'Aarav', 'Fatima', 'Chen', 'Mary-Jane', 'Jean-Luc', 'Dylan',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  "O'Brien", "O'Neill", 'McDonald', 'MacLeod', 'Smith-Jones', 'Ap Rhys', 'Patel', 'Khan', 'Begum',
  'Nowak', 'Kowalski', 'Ó Súilleabháin', 'Van der Berg', 'de la Cruz', 'Fitzgerald', 'Llewellyn',
];
const DOMAINS = ['example.com', 'example.co.uk', 'example.org', 'mail.example.net', 'example.ac.uk'];
const TOWNS: readonly { town: string; outward: readonly string[] }[] = [
  { town: 'London', outward: ['SW1A', 'EC1A', 'W1A', 'N1', 'E14', 'SE1', 'NW3'] },
  { town: 'Manchester', outward: ['M1', 'M4', 'M20'] },
  { town: 'Leeds', outward: ['LS1', 'LS6'] },
  { town: 'Bristol', outward: ['BS1', 'BS8'] },
  { town: 'Birmingham', outward: ['B1', 'B15'] },
  { town: 'Edinburgh', outward: ['EH1', 'EH3'] },
  { town: 'Cardiff', outward: ['CF10', 'CF24'] },
  { town: 'Glasgow', outward: ['G1', 'G12'] },
];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane', 'Park Avenue', 'The Green'];
const COMPANIES = ['Acme Ltd', 'Northwind Trading', 'Smith, Jones & Co', 'Blue Sky plc', 'Riverside "Foods" Ltd', ''];
const INWARD_LETTERS = Array.from('ABDEFGHJLNPQRSTUWXYZ');

/** How people actually type names into forms. */
function messName(name: string): string {
  const roll = random();
  if (roll < 0.12) return name.toUpperCase();
  if (roll < 0.22) return name.toLowerCase();
  if (roll < 0.27) return name.slice(0, 1).toLowerCase() + name.slice(1).toUpperCase();
  if (roll < 0.35) return `  ${name} `;
  if (roll < 0.38) return '';
  return name;
}

function email(first: string, last: string): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  const domain = pick(DOMAINS);
  const roll = random();
  if (roll < 0.04) return `${local}@`;
  if (roll < 0.08) return `${local} @${domain}`;
  if (roll < 0.11) return `${local}@@${domain}`;
  if (roll < 0.14) return `${local}@${domain.split('.')[0]!}`;
  if (roll < 0.17) return `${local}.${domain}`;
  if (roll < 0.2) return '';
  if (roll < 0.3) return ` ${local.toUpperCase()}@${domain.toUpperCase()} `;
  if (roll < 0.4) return `${first.slice(0, 1).toLowerCase()}${integer(1, 999)}@${domain}`;
  return `${local}@${domain}`;
}

/** A drama-range UK number, written in one of the many ways people write them. */
function phone(): string {
  const roll = random();
  if (roll < 0.05) return '';
  if (roll < 0.08) return digits(integer(4, 7));
  const mobile = chance(0.2);
  const [area, local] = mobile
    ? ['7700', `900${digits(3)}`]
    : pick([['20', `79460${digits(3)}`], ['113', `4960${digits(3)}`], ['161', `4960${digits(3)}`], ['117', `4960${digits(3)}`]] as const);
  const national = `0${area}${local}`;
  const format = integer(0, 8);
  switch (format) {
    case 0: return national;
    case 1: return `+44${area}${local}`;
    case 2: return `+44 ${area} ${local.slice(0, 3)} ${local.slice(3)}`;
    case 3: return `0044 ${area} ${local}`;
    case 4: return `+44 (0)${area} ${local}`;
    case 5: return mobile ? `0${area} ${local}` : `(0${area}) ${local.slice(0, 4)} ${local.slice(4)}`;
    case 6: return `0${area}-${local.slice(0, 3)}-${local.slice(3)}`;
    case 7: return ` ${area}${local}`;
    default: return `0${area} ${local.slice(0, 3)} ${local.slice(3)}`;
  }
}

function postcode(outward: string): string {
  const inward = `${integer(0, 9)}${pick(INWARD_LETTERS)}${pick(INWARD_LETTERS)}`;
  const roll = random();
  if (roll < 0.04) return '';
  if (roll < 0.07) return `${outward}${inward.slice(0, 2)}`;
  if (roll < 0.09) return 'N/A';
  if (roll < 0.25) return `${outward}${inward}`.toLowerCase();
  if (roll < 0.4) return `${outward}${inward}`;
  if (roll < 0.5) return ` ${outward.toLowerCase()} ${inward} `;
  if (roll < 0.55) return `${outward}  ${inward}`;
  return `${outward} ${inward}`;
}

/** Builds the sample's rows, header first. */
export function sampleRows(count: number): string[][] {
  const rows: string[][] = [['Customer ID', 'First Name', 'Last Name', 'Email', 'Phone', 'Address', 'Town', 'Postcode', 'Company']];
  for (let index = 1; index <= count; index++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const place = pick(TOWNS);
    const town = chance(0.15) ? place.town.toUpperCase() : chance(0.1) ? ` ${place.town.toLowerCase()}` : place.town;
    rows.push([
      `C${String(index).padStart(6, '0')}`,
      messName(first),
      messName(last),
      email(first, last),
      phone(),
      `${integer(1, 240)} ${pick(STREETS)}${chance(0.1) ? `, Flat ${integer(1, 12)}` : ''}`,
      town,
      postcode(pick(place.outward)),
      pick(COMPANIES),
    ]);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 10_000);
  const file = process.argv[3] ?? fileURLToPath(new URL('sample-contacts.csv', import.meta.url));
  writeFileSync(file, stringify(sampleRows(count)));
  process.stdout.write(`wrote ${count} contacts to ${file}\n`);
}
