// Deploy-time settings from /config.js (written from a template when the container starts), so
// the API's address can change without a rebuild.

export interface AppConfig {
  apiBaseUrl: string;
  currency: string;
}

declare global {
  interface Window {
    BENGKEL_CONFIG?: Partial<AppConfig>;
  }
}

const deployed = (globalThis as { BENGKEL_CONFIG?: Partial<AppConfig> }).BENGKEL_CONFIG;

export const config: AppConfig = {
  apiBaseUrl: (deployed?.apiBaseUrl ?? 'http://localhost:5000').replace(/\/$/, ''),
  currency: deployed?.currency ?? 'IDR',
};
