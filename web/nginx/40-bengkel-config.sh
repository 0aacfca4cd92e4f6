#!/bin/sh
# nginx image start-up hook (/docker-entrypoint.d/): writes config.js from the environment, so
# the API's address is set at deploy time without rebuilding the frontend. Empty (the default):
# the page calls /api/ on its own origin, which nginx passes on to API_UPSTREAM.
set -eu
: "${API_BASE_URL=}"
: "${CURRENCY:=IDR}"
export API_BASE_URL CURRENCY
envsubst '${API_BASE_URL} ${CURRENCY}' < /etc/bengkel/config.js.template > "${WEB_ROOT:-/usr/share/nginx/html}/config.js"
