// The sample workshop's day, worked out before anything is written: who the customers are, their
// vehicles and plates, about three months of finished work, today's jobs in every status, the
// next week's bookings, what was paid, and the reminders due. A seeded pseudo-random generator
// makes it the same workshop on every run; its dates are relative to `now` (the workshop's hours
// in this machine's time zone).

import type { PaymentMethod, ServiceStatus } from '../db/schema.ts';
import { CITIES, COLORS, CUSTOMERS, JOBS, MECHANICS, MODELS, PHONE_PREFIXES, REMINDER_TEXT, type Job, type LineSketch, type VehicleKind } from './workshop.ts';

export interface PlannedCustomer {
  name: string;
  email: string | null;
  phone: string;
  address: string;
  notes: string | null;
}

export interface PlannedVehicle {
  customer: number;
  kind: VehicleKind;
  plateNumber: string;
  make: string;
  model: string;
  year: number;
  color: string;
  /** The odometer when the workshop first saw it, three months ago. */
  mileage: number;
}

/** How an invoice was settled: all at once, a down payment with the rest owed, or not yet. */
export type Settlement = 'paid' | 'partly' | 'unpaid';

export interface PlannedService {
  vehicle: number;
  description: string;
  scheduledAt: Date;
  status: ServiceStatus;
  mileage: number | null;
  mechanic: string | null;
  lines: LineSketch[];
  /** Completed work is invoiced; how it was paid, and how and when. */
  invoice?: { settlement: Settlement; method: PaymentMethod; paidAt: Date };
  /** The reminder (index into `reminders`) this work answers. */
  answers?: number;
}

export interface PlannedReminder {
  vehicle: number;
  description: string;
  dueDate: string | null;
  dueMileage: number | null;
  repeatMonths: number | null;
  repeatKm: number | null;
}

export interface DemoPlan {
  customers: PlannedCustomer[];
  vehicles: PlannedVehicle[];
  /** In the order they happen. */
  services: PlannedService[];
  reminders: PlannedReminder[];
}

const SEED = 0x4d4a_2026;
const KM_PER_DAY: Record<VehicleKind, number> = { car: 40, motorcycle: 25 };
const KM_PER_YEAR: Record<VehicleKind, number> = { car: 13_000, motorcycle: 9_000 };

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  return { next, int, pick, shuffle };
}

type Random = ReturnType<typeof generator>;

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function plate(random: Random, city: (typeof CITIES)[keyof typeof CITIES], taken: Set<string>): string {
  for (;;) {
    const suffix = random.pick([...city.suffixStarts]) + random.pick([...LETTERS]) + (random.next() < 0.7 ? random.pick([...LETTERS]) : '');
    const number = random.int(1, random.next() < 0.8 ? 9999 : 999);
    const text = `${city.region} ${number} ${suffix}`;
    if (!taken.has(text)) {
      taken.add(text);
      return text;
    }
  }
}

function phone(random: Random): string {
  const digits = () => String(random.int(0, 9999)).padStart(4, '0');
  const prefix = random.pick(PHONE_PREFIXES);
  return random.next() < 0.3 ? `+62 ${prefix.slice(1)} ${digits()} ${digits()}` : `${prefix}-${digits()}-${digits()}`;
}

const emailOf = (name: string) => `${name.toLowerCase().replace(/^(pt|cv) /, '').replace(/[^a-z ]/g, '').trim().split(/\s+/).slice(0, 2).join('.')}@example.com`;

/** A day `offset` days from today at hh:mm local time. */
function at(now: Date, offset: number, hour: number, minute = 0): Date {
  const day = new Date(now);
  day.setHours(hour, minute, 0, 0);
  day.setDate(day.getDate() + offset);
  return day;
}

const isSunday = (now: Date, offset: number) => at(now, offset, 12).getDay() === 0;
const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

function peopleAndVehicles(random: Random, now: Date): Pick<DemoPlan, 'customers' | 'vehicles'> {
  const customers: PlannedCustomer[] = [];
  const vehicles: PlannedVehicle[] = [];
  const plates = new Set<string>();
  const thisYear = now.getFullYear();
  for (const [index, sketch] of CUSTOMERS.entries()) {
    const city = CITIES[sketch.city];
    customers.push({
      name: sketch.name,
      email: sketch.email ? emailOf(sketch.name) : null,
      phone: sketch.company && city.region === 'B' ? `(021) ${random.int(4000, 8999)} ${random.int(1000, 9999)}` : phone(random),
      address: `${random.pick(city.streets)} No. ${random.int(1, 120)}, ${city.name}`,
      notes: sketch.notes ?? null,
    });
    const choices = MODELS.filter((model) => (sketch.company ? model.fleet : model.kind === 'car' || random.next() < 0.5));
    for (let n = 0; n < sketch.vehicles; n++) {
      // People with two vehicles often have a car and a scooter.
      const model = n === 1 && !sketch.company ? random.pick(MODELS.filter((m) => m.kind === 'motorcycle')) : random.pick(choices);
      const year = Math.min(random.int(model.years[0], model.years[1]), thisYear);
      const age = Math.max(thisYear - year, 0) + 0.5;
      vehicles.push({
        customer: index,
        kind: model.kind,
        plateNumber: plate(random, city, plates),
        make: model.make,
        model: model.model,
        year,
        color: random.pick(COLORS),
        mileage: Math.round((age * KM_PER_YEAR[model.kind] * (0.7 + random.next() * 0.6)) / 100) * 100,
      });
    }
  }
  return { customers, vehicles };
}

/** The vehicle's odometer `offset` days from today (it was at `mileage` 100 days ago). */
const odometer = (vehicle: PlannedVehicle, offset: number) => vehicle.mileage + Math.round((offset + 100) * KM_PER_DAY[vehicle.kind]);

const jobsFor = (kind: VehicleKind) => JOBS.filter((job) => job.kind === kind);

export function planDemo(now: Date = new Date()): DemoPlan {
  const random = generator(SEED);
  const { customers, vehicles } = peopleAndVehicles(random, now);
  const services: PlannedService[] = [];
  const service = (vehicle: number, job: Job, offset: number, hour: number, minute: number, status: ServiceStatus, extra: Partial<PlannedService> = {}) => {
    services.push({
      vehicle,
      description: job.description,
      scheduledAt: at(now, offset, hour, minute),
      status,
      mileage: status === 'scheduled' || status === 'cancelled' ? null : odometer(vehicles[vehicle]!, offset),
      mechanic: status === 'scheduled' || status === 'cancelled' ? null : random.pick(MECHANICS),
      lines: status === 'completed' ? job.lines : status === 'in_progress' ? job.lines.slice(0, 2) : [],
      ...extra,
    });
  };

  // About three months of finished work: most vehicles came once or twice, a few three times.
  for (const [index, vehicle] of vehicles.entries()) {
    const count = random.pick([0, 1, 1, 1, 2, 2, 2, 3]);
    let offset = -random.int(60, 92);
    for (let n = 0; n < count && offset < -2; n++) {
      if (isSunday(now, offset)) offset += 1;
      service(index, random.pick(jobsFor(vehicle.kind)), offset, random.int(8, 15), random.pick([0, 30]), 'completed');
      offset += random.int(20, 40);
    }
  }
  services.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());

  // A booking the customer called off last week.
  const called = [...services].reverse().find((s) => s.scheduledAt.getTime() < at(now, -3, 0).getTime());
  if (called) Object.assign(called, { status: 'cancelled', lines: [], mileage: null, mechanic: null });

  // Most paid at the counter; of the newest, some paid a deposit only and some not yet (a fleet pays monthly).
  const newestFirst = services.filter((s) => s.status === 'completed').reverse();
  const settlement = (rank: number): Settlement => ([0, 4, 9].includes(rank) ? 'unpaid' : [1, 6, 13].includes(rank) ? 'partly' : 'paid');
  for (const [rank, work] of newestFirst.entries()) {
    const company = CUSTOMERS[vehicles[work.vehicle]!.customer]!.company;
    const method: PaymentMethod = company ? 'transfer' : random.pick(['cash', 'cash', 'transfer', 'qris', 'qris', 'card']);
    work.invoice = { settlement: settlement(rank), method, paidAt: new Date(Math.min(work.scheduledAt.getTime() + random.int(1, 4) * 3_600_000, now.getTime())) };
  }
  // Reminders: due by date (overdue, soon, later) and by mileage, on vehicles not seen lately.
  const recent = new Set(services.filter((s) => s.scheduledAt.getTime() > at(now, -14, 0).getTime()).map((s) => s.vehicle));
  // Those that have not come at all in these months first: they are the ones overdue.
  const visits = (vehicle: number) => services.filter((s) => s.vehicle === vehicle).length;
  const quiet = random.shuffle(vehicles.map((_, index) => index).filter((index) => !recent.has(index))).sort((a, b) => visits(a) - visits(b));
  const reminders: PlannedReminder[] = [];
  const byDate = (vehicle: number, offset: number) =>
    reminders.push({ vehicle, description: REMINDER_TEXT[vehicles[vehicle]!.kind], dueDate: isoDay(at(now, offset, 12)), dueMileage: null, repeatMonths: 6, repeatKm: null });
  for (const offset of [-17, -9, -4, 5, 12, 24, 45, 70, 110]) byDate(quiet.shift()!, offset);

  // Today: the first overdue one came in and is done; two are being worked on; three are booked.
  const today = [0, 1, 2, 3, 4].map(() => quiet.shift()!);
  const todays: [ServiceStatus, number, number][] = [['completed', 8, 0], ['in_progress', 9, 0], ['in_progress', 10, 30], ['scheduled', 13, 0], ['scheduled', 14, 30], ['scheduled', 16, 0]];
  const firstVisit = reminders[0]!.vehicle;
  const jobFor = (vehicle: number, routine: boolean) => random.pick(jobsFor(vehicles[vehicle]!.kind).filter((job) => !routine || job.routine));
  service(firstVisit, jobFor(firstVisit, true), 0, 8, 0, 'completed', { answers: 0, invoice: { settlement: 'paid', method: 'qris', paidAt: new Date(Math.min(at(now, 0, 11, 15).getTime(), now.getTime())) } });
  for (const [n, [status, hour, minute]] of todays.slice(1).entries()) service(today[n]!, jobFor(today[n]!, false), 0, hour, minute, status);

  // By mileage (the vehicle's latest odometer, today's included): reached, within 1 000 km, later.
  const latest = (vehicle: number) => Math.max(vehicles[vehicle]!.mileage, ...services.filter((s) => s.vehicle === vehicle).map((s) => s.mileage ?? 0));
  for (const ahead of [-300, 600, 4_000]) {
    const vehicle = quiet.shift()!;
    const kind = vehicles[vehicle]!.kind;
    reminders.push({ vehicle, description: REMINDER_TEXT[kind], dueDate: null, dueMileage: Math.round((latest(vehicle) + ahead) / 100) * 100, repeatMonths: null, repeatKm: kind === 'car' ? 10_000 : 4_000 });
  }

  // The next week's bookings, one or two a working day.
  const booked = new Set([firstVisit, ...today]);
  const upcoming = random.shuffle(vehicles.map((_, index) => index).filter((index) => !booked.has(index)));
  for (let offset = 1; offset <= 7; offset++) {
    if (isSunday(now, offset)) continue;
    for (let n = random.int(1, 2); n > 0; n--) {
      const vehicle = upcoming.shift()!;
      service(vehicle, jobFor(vehicle, random.next() < 0.5), offset, random.pick([8, 9, 10, 13, 14]), random.pick([0, 30]), 'scheduled');
    }
  }
  services.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  return { customers, vehicles, services, reminders };
}
