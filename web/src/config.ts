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

export const config: AppConfig = {
  apiBaseUrl: (window.BENGKEL_CONFIG?.apiBaseUrl ?? 'http://localhost:5000').replace(/\/$/, ''),
  currency: window.BENGKEL_CONFIG?.currency ?? 'IDR',
};
