// The API's resources as the browser sees them (see ../shared/API.md).

export interface Customer {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Vehicle {
  id: number;
  customerId: number;
  plateNumber: string;
  make: string;
  model: string;
  year: number | null;
  color: string | null;
  vin: string | null;
  mileage: number | null;
  /** Read-only: whose it is. */
  owner: { name: string; phone: string | null };
  createdAt: string;
  updatedAt: string;
}

export type ServiceStatus = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

export interface Service {
  id: number;
  vehicleId: number;
  description: string;
  status: ServiceStatus;
  scheduledAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cost: number;
  mileage: number | null;
  mechanic: string | null;
  /** Read-only: what it is on and whose it is, as the counter reads a job. */
  vehicle: { plateNumber: string; make: string; model: string; customerId: number; customerName: string; customerPhone: string | null };
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Stats {
  customers: number;
  vehicles: number;
  services: Record<ServiceStatus, number>;
  revenue: { completed: number; last30Days: number };
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  /** `row`: an imported file's data row at fault (from 1; 0 is its header). */
  errors?: { path: string; message: string; row?: number }[];
}

export type CsvCollection = 'customers' | 'vehicles' | 'services';

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

export type Role = 'owner' | 'frontdesk' | 'mechanic';

export interface User {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdBy: number | null;
  createdAt: string;
}

export interface NewApiToken {
  id: number;
  name: string;
  role: Role;
  expiresAt: string | null;
  token: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { type: 'user' | 'token' | 'system'; id: number | null; name: string | null };
  action: 'insert' | 'update' | 'delete' | 'status' | 'login' | 'login_failed';
  entity: 'customer' | 'vehicle' | 'service' | 'line' | 'invoice' | 'payment' | 'user' | 'token' | 'settings';
  entityId: number | null;
  changes: Record<string, [unknown, unknown]>;
  requestId: string | null;
  ip: string | null;
}

export type LineKind = 'part' | 'labour' | 'fee';

export interface Line {
  id: number;
  serviceId: number;
  kind: LineKind;
  description: string;
  partNumber: string | null;
  quantity: number;
  unitPrice: number;
  amount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Settings {
  workshopName: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  taxId: string | null;
  taxRate: number;
  currency: string;
  invoicePrefix: string;
  timeZone: string;
  updatedAt: string;
}

export type InvoiceStatus = 'issued' | 'paid' | 'void';
export type PaymentMethod = 'cash' | 'transfer' | 'card' | 'qris';

export interface Invoice {
  id: number;
  number: string;
  serviceId: number;
  customerId: number;
  issuedAt: string;
  customer: { name: string; address: string | null; phone: string | null; email: string | null };
  vehicle: { plateNumber: string; make: string; model: string };
  lines: { kind: LineKind; description: string; partNumber: string | null; quantity: number; unitPrice: number; amount: number }[];
  subtotal: number;
  taxRate: number;
  tax: number;
  total: number;
  paid: number;
  balance: number;
  status: InvoiceStatus;
  voidReason: string | null;
}

export interface Payment {
  id: number;
  invoiceId: number;
  amount: number;
  method: PaymentMethod;
  paidAt: string;
  reference: string | null;
  createdAt: string;
}

export type ReminderStatus = 'open' | 'done' | 'dismissed';

export interface Reminder {
  id: number;
  vehicleId: number;
  description: string;
  dueDate: string | null;
  dueMileage: number | null;
  repeatMonths: number | null;
  repeatKm: number | null;
  status: ReminderStatus;
  serviceId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReminderMessage {
  text: string;
  whatsappUrl: string | null;
  mailtoUrl: string | null;
}
