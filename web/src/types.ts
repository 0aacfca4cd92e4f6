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
  completedAt: string | null;
  cost: number;
  mileage: number | null;
  mechanic: string | null;
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
  errors?: { path: string; message: string }[];
}
