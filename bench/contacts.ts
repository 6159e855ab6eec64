/**
 * Realistic UK contact rows, the kind a user sends to a cleansing service: names in every
 * case with stray spaces, emails of which some are malformed, phone numbers written a dozen
 * ways, postcodes with and without their space, addresses that need CSV quoting.
 */
import type { Prng } from './prng.js';

/** The file's header: already valid column names, so every client can upload the rows as they are. */
export const CONTACT_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'town',
  'postcode',
] as const;

const FIRST_NAMES = [
  'James', 'Oliver', 'Harry', 'George', 'Noah', 'Jack', 'Leo', 'Arthur', 'Muhammad', 'Oscar',
  'Charlie', 'Jacob', 'Thomas', 'Henry', 'William', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia',
  'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Florence', 'Siobhan', 'Aoife',
  'Rhys', 'Dafydd', 'Catrin', 'Priya', 'Ravi', 'Aisha', 'Chloé', 'Zoë', 'Seán', 'Mary-Jane',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas',
  'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes',
  "O'Brien", 'McDonald', 'MacLeod', 'Smith-Jones', 'ap Rhys', 'Patel', 'Khan', 'Singh',
  'Nowak', 'Kowalski', 'de la Cruz', 'Van der Berg', 'Fitzgerald', 'Ó Súilleabháin',
];
const DOMAINS = [
  'gmail.com', 'hotmail.co.uk', 'yahoo.co.uk', 'outlook.com', 'btinternet.com', 'sky.com',
  'example.co.uk', 'virginmedia.com', 'icloud.com', 'nhs.net',
];
const STREETS = [
  'High', 'Station', 'Main', 'Park', 'Church', 'London', 'Victoria', 'Green', 'Manor', 'Kings',
  'Queens', 'Mill', 'New', 'Grange', 'Albert', 'Windsor', 'Chapel', 'York', 'Springfield',
];
const STREET_KINDS = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Way', 'Crescent', 'rd', 'St.'];
const TOWNS = [
  'London', 'Birmingham', 'Manchester', 'Leeds', 'Glasgow', 'Sheffield', 'Bradford', 'Liverpool',
  'Edinburgh', 'Bristol', 'Cardiff', 'Belfast', 'Leicester', 'Nottingham', 'Newcastle upon Tyne',
  'Stoke-on-Trent', 'Southampton', 'Milton Keynes', 'Swansea', 'Aberdeen', 'Bath', 'York',
];
const POSTCODE_AREAS = ['SW', 'SE', 'N', 'E', 'W', 'NW', 'EC', 'B', 'M', 'L', 'LS', 'G', 'EH', 'CF', 'BS', 'NE', 'DN', 'CR', 'OX', 'BT'];
const POSTCODE_LETTERS = ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'];

/** A value in the case a person typed it, sometimes with spaces around it. */
function sloppy(prng: Prng, value: string): string {
  const roll = prng.next();
  let out = value;
  if (roll < 0.1) out = value.toUpperCase();
  else if (roll < 0.18) out = value.toLowerCase();
  if (prng.chance(0.06)) out = ` ${out}`;
  if (prng.chance(0.06)) out = `${out}  `;
  return out;
}

function email(prng: Prng, first: string, last: string): string {
  if (prng.chance(0.03)) return '';
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (prng.chance(0.4) ? String(prng.int(1, 99)) : '');
  const domain = prng.pick(DOMAINS);
  const roll = prng.next();
  if (roll < 0.02) return `${local}${domain}`; // the @ forgotten
  if (roll < 0.04) return `${local}@${domain.replace('.', ',')}`;
  if (roll < 0.05) return `${local}@@${domain}`;
  if (roll < 0.06) return `${local} @${domain}`;
  return prng.chance(0.1) ? `${local}@${domain}`.toUpperCase() : `${local}@${domain}`;
}

function phone(prng: Prng): string {
  if (prng.chance(0.04)) return '';
  const mobile = `7${prng.digits(9)}`;
  const london = `20${prng.digits(8)}`;
  const manchester = `161${prng.digits(7)}`;
  switch (prng.int(0, 9)) {
    case 0: return `0${mobile.slice(0, 4)} ${mobile.slice(4)}`;
    case 1: return `+44 ${mobile.slice(0, 4)} ${mobile.slice(4)}`;
    case 2: return `+44 (0)${london.slice(0, 2)} ${london.slice(2, 6)} ${london.slice(6)}`;
    case 3: return `(0${london.slice(0, 2)}) ${london.slice(2, 6)} ${london.slice(6)}`;
    case 4: return `0${manchester.slice(0, 3)}-${manchester.slice(3, 6)}-${manchester.slice(6)}`;
    case 5: return `44${mobile}`;
    case 6: return `0${mobile}`;
    case 7: return `0044 ${mobile}`;
    case 8: return `0${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}`;
    default: return `0${london} ext. ${prng.int(10, 999)}`;
  }
}

function postcode(prng: Prng): string {
  const outward = `${prng.pick(POSTCODE_AREAS)}${prng.int(1, 20)}${prng.chance(0.1) ? 'A' : ''}`;
  const inward = `${prng.int(0, 9)}${prng.pick(POSTCODE_LETTERS)}${prng.pick(POSTCODE_LETTERS)}`;
  const roll = prng.next();
  if (roll < 0.15) return `${outward}${inward}`.toLowerCase();
  if (roll < 0.25) return `${outward}${inward}`;
  if (roll < 0.3) return ` ${outward}  ${inward}`;
  return `${outward} ${inward}`;
}

function address(prng: Prng): string {
  const street = `${prng.int(1, 250)} ${prng.pick(STREETS)} ${prng.pick(STREET_KINDS)}`;
  if (prng.chance(0.15)) return `Flat ${prng.int(1, 40)}, ${street}`;
  if (prng.chance(0.03)) return `"The Old Rectory", ${street}`;
  return sloppy(prng, street);
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV line (without line break) of contact number `index` (0-based). */
export function contactLine(prng: Prng, index: number): string {
  const first = prng.pick(FIRST_NAMES);
  const last = prng.pick(LAST_NAMES);
  const fields = [
    `CUST-${String(index + 1).padStart(8, '0')}`,
    sloppy(prng, first),
    sloppy(prng, last),
    email(prng, first, last),
    phone(prng),
    address(prng),
    sloppy(prng, prng.pick(TOWNS)),
    postcode(prng),
  ];
  return fields.map(csvField).join(',');
}
