// The sample workshop `npm run demo` fills: Bengkel Maju Jaya in South Jakarta, its staff, its
// customers (most from Jabodetabek, some from other cities, each vehicle plated where its owner
// lives), the vehicles people bring to a neighbourhood workshop, and the jobs it does with their
// parts, labour and fees at 2026 prices in Rupiah. Plain data, read by plan.ts.

export const WORKSHOP = {
  workshopName: 'Bengkel Maju Jaya',
  address: 'Jl. Raya Pasar Minggu No. 45, Pancoran, Jakarta Selatan 12780',
  phone: '(021) 7980 1234',
  email: 'servis.majujaya@example.com',
  taxId: '01.234.567.8-017.000',
  taxRate: 0.11,
  currency: 'IDR',
  invoicePrefix: 'INV',
};

/** The owner when ADMIN_EMAIL is not set, and the two staff a new workshop starts with. */
export const STAFF = {
  owner: { name: 'Hendra Wijaya', email: 'pemilik@majujaya.test', role: 'owner' },
  frontdesk: { name: 'Sari Wulandari', email: 'sari@majujaya.test', role: 'frontdesk' },
  mechanic: { name: 'Joko Susanto', email: 'joko@majujaya.test', role: 'mechanic' },
} as const;

/** Who does the work (the service's `mechanic`): the mechanic who signs in, and a colleague. */
export const MECHANICS = ['Joko Susanto', 'Wahyu Hidayat'];

export type CityKey = keyof typeof CITIES;

/**
 * Where customers live: the plate's region letters there, the letters its suffixes start with
 * (a sub-region: S for South Jakarta, T for East…), and streets for addresses.
 */
export const CITIES = {
  jakartaSelatan: { name: 'Jakarta Selatan', region: 'B', suffixStarts: 'S', streets: ['Jl. Kemang Raya', 'Jl. Tebet Barat Dalam', 'Jl. Kalibata Tengah', 'Jl. Duren Tiga', 'Jl. Ciledug Raya'] },
  jakartaTimur: { name: 'Jakarta Timur', region: 'B', suffixStarts: 'T', streets: ['Jl. Otista Raya', 'Jl. Cipinang Jaya', 'Jl. Condet Raya'] },
  jakartaPusat: { name: 'Jakarta Pusat', region: 'B', suffixStarts: 'P', streets: ['Jl. Cikini Raya', 'Jl. Salemba Tengah'] },
  depok: { name: 'Depok', region: 'B', suffixStarts: 'Z', streets: ['Jl. Margonda Raya', 'Jl. Juanda'] },
  bogor: { name: 'Bogor', region: 'F', suffixStarts: 'AEFG', streets: ['Jl. Pajajaran', 'Jl. Suryakencana', 'Jl. Raya Tajur'] },
  bandung: { name: 'Bandung', region: 'D', suffixStarts: 'ABDKV', streets: ['Jl. Dago', 'Jl. Buah Batu', 'Jl. Setiabudi'] },
  semarang: { name: 'Semarang', region: 'H', suffixStarts: 'AGKW', streets: ['Jl. Pandanaran', 'Jl. Gajahmada'] },
  yogyakarta: { name: 'Yogyakarta', region: 'AB', suffixStarts: 'AEHIJ', streets: ['Jl. Kaliurang', 'Jl. Magelang'] },
  surabaya: { name: 'Surabaya', region: 'L', suffixStarts: 'ABCDEGHIJ', streets: ['Jl. Darmo', 'Jl. Raya Gubeng', 'Jl. Manyar Kertoarjo'] },
  malang: { name: 'Malang', region: 'N', suffixStarts: 'ABCDEFG', streets: ['Jl. Ijen', 'Jl. Soekarno Hatta'] },
} as const;

export interface CustomerSketch {
  name: string;
  city: CityKey;
  /** How many vehicles they bring. */
  vehicles: number;
  /** A company pays by transfer on its monthly bill; a person mostly at the counter. */
  company?: boolean;
  /** Not everyone leaves an email address. */
  email?: boolean;
  notes?: string;
}

export const CUSTOMERS: CustomerSketch[] = [
  { name: 'Budi Santoso', city: 'jakartaSelatan', vehicles: 2, email: true },
  { name: 'Siti Rahmawati', city: 'jakartaSelatan', vehicles: 1, email: true },
  { name: 'Agus Setiawan', city: 'jakartaTimur', vehicles: 2 },
  { name: 'Dewi Kartika Sari', city: 'jakartaSelatan', vehicles: 2, email: true, notes: 'Prefers WhatsApp; picks up after 17:00.' },
  { name: 'PT Sinar Logistik Nusantara', city: 'jakartaTimur', vehicles: 4, company: true, email: true, notes: 'Fleet: monthly invoice to finance, transfer within 30 days.' },
  { name: 'Rina Wulandari', city: 'depok', vehicles: 1, email: true },
  { name: 'Hendra Gunadi', city: 'jakartaPusat', vehicles: 1 },
  { name: 'Sri Wahyuni', city: 'jakartaSelatan', vehicles: 1 },
  { name: 'Bambang Prasetyo', city: 'bogor', vehicles: 2, email: true },
  { name: 'Yohanes Simanjuntak', city: 'jakartaTimur', vehicles: 1, email: true },
  { name: 'I Made Wirawan', city: 'jakartaSelatan', vehicles: 1 },
  { name: 'Putri Ayu Lestari', city: 'depok', vehicles: 1, email: true },
  { name: 'Fajar Nugroho', city: 'bandung', vehicles: 1, email: true, notes: 'Works in Jakarta on weekdays; car registered in Bandung.' },
  { name: 'Indah Permatasari', city: 'jakartaSelatan', vehicles: 2 },
  { name: 'CV Berkah Abadi', city: 'bogor', vehicles: 2, company: true },
  { name: 'Ahmad Fauzi', city: 'jakartaSelatan', vehicles: 1 },
  { name: 'Nur Aisyah', city: 'jakartaTimur', vehicles: 1, email: true },
  { name: 'Rizky Ramadhan', city: 'semarang', vehicles: 1 },
  { name: 'Lina Marlina', city: 'bandung', vehicles: 1, email: true },
  { name: 'Teguh Wibowo', city: 'yogyakarta', vehicles: 1 },
  { name: 'Andreas Kurniawan', city: 'surabaya', vehicles: 2, email: true },
  { name: 'Wayan Sudarsana', city: 'jakartaSelatan', vehicles: 1 },
  { name: 'Maria Christina Tanoto', city: 'jakartaPusat', vehicles: 1, email: true },
  { name: 'Dimas Aditya', city: 'malang', vehicles: 1 },
  { name: 'Yuliana Pratiwi', city: 'depok', vehicles: 1 },
];

/** Mobile prefixes of the Indonesian operators (Telkomsel, Indosat, XL, Tri, Smartfren). */
export const PHONE_PREFIXES = ['0811', '0812', '0813', '0821', '0822', '0852', '0853', '0857', '0858', '0817', '0818', '0819', '0877', '0896', '0898', '0881'];

export type VehicleKind = 'car' | 'motorcycle';

export interface Model {
  make: string;
  model: string;
  kind: VehicleKind;
  /** The years it was sold in. */
  years: [number, number];
  /** Companies buy these. */
  fleet?: boolean;
}

export const MODELS: Model[] = [
  { make: 'Toyota', model: 'Avanza', kind: 'car', years: [2015, 2025], fleet: true },
  { make: 'Toyota', model: 'Kijang Innova', kind: 'car', years: [2014, 2024] },
  { make: 'Toyota', model: 'Agya', kind: 'car', years: [2017, 2025] },
  { make: 'Toyota', model: 'Calya', kind: 'car', years: [2017, 2025] },
  { make: 'Toyota', model: 'Fortuner', kind: 'car', years: [2016, 2024] },
  { make: 'Honda', model: 'Brio', kind: 'car', years: [2016, 2025] },
  { make: 'Honda', model: 'Jazz', kind: 'car', years: [2012, 2020] },
  { make: 'Honda', model: 'HR-V', kind: 'car', years: [2018, 2025] },
  { make: 'Honda', model: 'Mobilio', kind: 'car', years: [2014, 2021] },
  { make: 'Daihatsu', model: 'Xenia', kind: 'car', years: [2013, 2025] },
  { make: 'Daihatsu', model: 'Sigra', kind: 'car', years: [2017, 2025] },
  { make: 'Daihatsu', model: 'Gran Max Pick Up', kind: 'car', years: [2014, 2024], fleet: true },
  { make: 'Mitsubishi', model: 'Xpander', kind: 'car', years: [2018, 2025] },
  { make: 'Mitsubishi', model: 'L300', kind: 'car', years: [2012, 2024], fleet: true },
  { make: 'Suzuki', model: 'Ertiga', kind: 'car', years: [2014, 2025] },
  { make: 'Suzuki', model: 'Carry Pick Up', kind: 'car', years: [2015, 2024], fleet: true },
  { make: 'Hyundai', model: 'Creta', kind: 'car', years: [2022, 2025] },
  { make: 'Wuling', model: 'Almaz', kind: 'car', years: [2019, 2025] },
  { make: 'Honda', model: 'Beat', kind: 'motorcycle', years: [2016, 2025] },
  { make: 'Honda', model: 'Vario 125', kind: 'motorcycle', years: [2017, 2025] },
  { make: 'Honda', model: 'Scoopy', kind: 'motorcycle', years: [2017, 2025] },
  { make: 'Yamaha', model: 'NMAX', kind: 'motorcycle', years: [2016, 2025] },
  { make: 'Yamaha', model: 'Aerox', kind: 'motorcycle', years: [2017, 2025] },
];

export const COLORS = ['Putih', 'Hitam', 'Silver', 'Abu-abu', 'Merah', 'Biru Tua', 'Coklat'];

export type LineKind = 'part' | 'labour' | 'fee';
export interface LineSketch {
  kind: LineKind;
  description: string;
  partNumber?: string;
  quantity: number;
  unitPrice: number;
}

/** Labour per hour, by what is worked on. */
const LABOUR = { car: 150_000, motorcycle: 60_000 };
const labour = (kind: VehicleKind, description: string, hours: number): LineSketch => ({ kind: 'labour', description, quantity: hours, unitPrice: LABOUR[kind] });
const OIL_DISPOSAL: LineSketch = { kind: 'fee', description: 'Limbah oli dan bahan habis pakai', quantity: 1, unitPrice: 15_000 };

export interface Job {
  description: string;
  kind: VehicleKind;
  lines: LineSketch[];
  /** A job that is the regular service a reminder asks for. */
  routine?: boolean;
}

/** What the workshop does, and what each job is made of. */
export const JOBS: Job[] = [
  {
    description: 'Servis berkala: ganti oli mesin dan filter oli, cek rem dan kaki-kaki',
    kind: 'car',
    routine: true,
    lines: [
      { kind: 'part', description: 'Oli mesin 10W-40 (liter)', partNumber: 'OLI-10W40', quantity: 4, unitPrice: 85_000 },
      { kind: 'part', description: 'Filter oli', partNumber: 'FO-0915', quantity: 1, unitPrice: 55_000 },
      labour('car', 'Jasa servis berkala', 1.5),
      OIL_DISPOSAL,
    ],
  },
  {
    description: 'Ganti oli mesin dan filter oli',
    kind: 'car',
    routine: true,
    lines: [
      { kind: 'part', description: 'Oli mesin 5W-30 full synthetic (liter)', partNumber: 'OLI-5W30', quantity: 4, unitPrice: 120_000 },
      { kind: 'part', description: 'Filter oli', partNumber: 'FO-0915', quantity: 1, unitPrice: 55_000 },
      labour('car', 'Jasa ganti oli', 0.5),
      OIL_DISPOSAL,
    ],
  },
  {
    description: 'Ganti kampas rem depan, bersihkan piringan',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Kampas rem depan (set)', partNumber: 'KR-D-0412', quantity: 1, unitPrice: 450_000 },
      { kind: 'part', description: 'Minyak rem DOT 3', partNumber: 'DOT3-300', quantity: 1, unitPrice: 45_000 },
      labour('car', 'Jasa ganti kampas rem', 1),
    ],
  },
  {
    description: 'Servis AC: cuci evaporator, ganti filter kabin, isi freon',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Freon R134a (kaleng)', partNumber: 'R134A', quantity: 2, unitPrice: 95_000 },
      { kind: 'part', description: 'Filter kabin', partNumber: 'FK-8713', quantity: 1, unitPrice: 120_000 },
      labour('car', 'Jasa servis AC', 2),
    ],
  },
  {
    description: 'Tune up mesin: busi, filter udara, bersihkan throttle body',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Busi iridium', partNumber: 'BS-IR-20', quantity: 4, unitPrice: 95_000 },
      { kind: 'part', description: 'Filter udara', partNumber: 'FU-1780', quantity: 1, unitPrice: 110_000 },
      { kind: 'part', description: 'Cairan pembersih throttle body', partNumber: 'TBC-500', quantity: 1, unitPrice: 65_000 },
      labour('car', 'Jasa tune up', 1.5),
    ],
  },
  {
    description: 'Spooring dan balancing empat roda',
    kind: 'car',
    lines: [
      { kind: 'fee', description: 'Spooring', quantity: 1, unitPrice: 150_000 },
      { kind: 'fee', description: 'Balancing per roda', quantity: 4, unitPrice: 25_000 },
    ],
  },
  {
    description: 'Ganti aki, aki lama soak',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Aki kering NS40ZL 35 Ah', partNumber: 'AKI-NS40ZL', quantity: 1, unitPrice: 850_000 },
      labour('car', 'Jasa pasang aki dan cek pengisian', 0.25),
    ],
  },
  {
    description: 'Ganti oli transmisi matic (CVT)',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Oli CVT (liter)', partNumber: 'CVT-FE', quantity: 4, unitPrice: 130_000 },
      labour('car', 'Jasa kuras oli transmisi', 1),
    ],
  },
  {
    description: 'Kuras radiator dan ganti air radiator',
    kind: 'car',
    lines: [
      { kind: 'part', description: 'Radiator coolant (liter)', partNumber: 'RC-1L', quantity: 4, unitPrice: 45_000 },
      labour('car', 'Jasa kuras radiator', 1),
    ],
  },
  {
    description: 'Servis ringan motor: ganti oli, bersihkan filter udara, setel rem',
    kind: 'motorcycle',
    routine: true,
    lines: [
      { kind: 'part', description: 'Oli mesin matic 0,8 L', partNumber: 'OLI-MTC-08', quantity: 1, unitPrice: 55_000 },
      { kind: 'part', description: 'Oli gardan', partNumber: 'OLI-GDN', quantity: 1, unitPrice: 20_000 },
      labour('motorcycle', 'Jasa servis ringan', 0.75),
    ],
  },
  {
    description: 'Ganti V-belt dan roller CVT motor',
    kind: 'motorcycle',
    lines: [
      { kind: 'part', description: 'V-belt', partNumber: 'VB-K44', quantity: 1, unitPrice: 145_000 },
      { kind: 'part', description: 'Roller set', partNumber: 'RL-K44', quantity: 1, unitPrice: 75_000 },
      labour('motorcycle', 'Jasa bongkar CVT', 1),
    ],
  },
  {
    description: 'Ganti kampas rem motor depan dan belakang',
    kind: 'motorcycle',
    lines: [
      { kind: 'part', description: 'Kampas rem depan (cakram)', partNumber: 'KR-MTR-D', quantity: 1, unitPrice: 65_000 },
      { kind: 'part', description: 'Kampas rem belakang (tromol)', partNumber: 'KR-MTR-B', quantity: 1, unitPrice: 55_000 },
      labour('motorcycle', 'Jasa ganti kampas rem', 0.5),
    ],
  },
];

/** What a reminder says, by the kind of vehicle. */
export const REMINDER_TEXT: Record<VehicleKind, string> = {
  car: 'Servis berkala: ganti oli mesin dan filter oli',
  motorcycle: 'Servis ringan motor dan ganti oli',
};
