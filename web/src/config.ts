// Deploy-time settings from /config.js (written from a template when the container starts), so
// the API's address can change without a rebuild. By default the page calls /api/ on its own
// origin, which the web server passes on to the API: it works however the page was reached
// (localhost, 127.0.0.1, the server's address from a tablet) with no CORS.

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
  apiBaseUrl: (deployed?.apiBaseUrl ?? '').replace(/\/$/, ''),
  currency: deployed?.currency ?? 'IDR',
};
