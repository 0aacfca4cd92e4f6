#!/bin/sh
# nginx image start-up hook (/docker-entrypoint.d/): writes config.js from the environment, so
# the API's address is set at deploy time without rebuilding the frontend.
set -eu
: "${API_BASE_URL:=http://localhost:5000}"
: "${CURRENCY:=IDR}"
export API_BASE_URL CURRENCY
envsubst '${API_BASE_URL} ${CURRENCY}' < /etc/bengkel/config.js.template > "${WEB_ROOT:-/usr/share/nginx/html}/config.js"
