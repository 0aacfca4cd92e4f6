// The printable invoice ("nota"): one HTML page laid out for A4 paper or an 80 mm receipt
// printer, in English or Indonesian, with the workshop's details from the settings. Everything
// from the database is escaped; the page runs no script and loads nothing (its CSP says so).

import { createHash } from 'node:crypto';
import type { settings } from '../../db/schema.ts';
import type { InvoiceAnswer } from './repository.ts';

export type Paper = 'a4' | '80mm';
export type Language = 'en' | 'id';

const WORDS = {
  en: {
    invoice: 'Invoice', number: 'Number', date: 'Date', customer: 'Customer', vehicle: 'Vehicle', description: 'Description', quantity: 'Qty',
    unitPrice: 'Unit price', amount: 'Amount', subtotal: 'Subtotal', tax: 'Tax', total: 'Total', paid: 'Paid', balance: 'Still owed',
    status: { issued: 'UNPAID', paid: 'PAID', void: 'VOID' }, taxId: 'Tax ID', thanks: 'Thank you for your visit.', voided: 'Voided',
  },
  id: {
    invoice: 'Nota', number: 'Nomor', date: 'Tanggal', customer: 'Pelanggan', vehicle: 'Kendaraan', description: 'Uraian', quantity: 'Jml',
    unitPrice: 'Harga', amount: 'Total', subtotal: 'Subtotal', tax: 'PPN', total: 'Total', paid: 'Dibayar', balance: 'Sisa',
    status: { issued: 'BELUM LUNAS', paid: 'LUNAS', void: 'BATAL' }, taxId: 'NPWP', thanks: 'Terima kasih atas kunjungan Anda.', voided: 'Dibatalkan',
  },
} as const;

const STYLE = `
*{box-sizing:border-box}body{font:12pt/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#000;margin:0;padding:12mm}
h1{font-size:16pt;margin:0 0 4mm}.shop{margin-bottom:6mm}.shop strong{font-size:14pt}.muted{color:#444}
table{width:100%;border-collapse:collapse;margin:4mm 0}th,td{text-align:left;padding:1.5mm 1mm;border-bottom:1px solid #999;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}.totals{margin-left:auto;width:60%}.totals td{border:0}.totals tr.total td{font-weight:700;border-top:2px solid #000}
.status{display:inline-block;border:2px solid #000;padding:1mm 3mm;font-weight:700;letter-spacing:.05em}.void{color:#b00;border-color:#b00}
@page{size:A4;margin:0}
body.r80{width:80mm;padding:3mm;font-size:9pt}body.r80 h1{font-size:11pt}body.r80 .shop strong{font-size:11pt}body.r80 .totals{width:100%}
body.r80 th.u,body.r80 td.u{display:none}
@media print{body.r80{width:auto}}
`;
/** The stylesheet's hash for the Content-Security-Policy: no other style or any script may run. */
export const PRINT_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;

const escape = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function printInvoice(invoice: InvoiceAnswer, shop: typeof settings.$inferSelect, language: Language, paper: Paper): string {
  const w = WORDS[language];
  const locale = language === 'id' ? 'id-ID' : 'en-GB';
  const digits = shop.currency === 'IDR' ? 0 : 2;
  const money = (amount: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: shop.currency, minimumFractionDigits: digits, maximumFractionDigits: 2 }).format(amount);
  // The workshop's clock (settings), as the customer reads the time on the counter.
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: shop.timeZone }).format(new Date(invoice.issuedAt));
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const rows = invoice.lines
    .map((line) => `<tr><td>${escape(line.description)}${line.partNumber ? ` <span class="muted">(${escape(line.partNumber)})</span>` : ''}</td><td class="n">${quantity.format(line.quantity)}</td><td class="n u">${money(line.unitPrice)}</td><td class="n">${money(line.amount)}</td></tr>`)
    .join('');
  const rate = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(invoice.taxRate);
  const contact = [shop.address, shop.phone, shop.email].filter(Boolean).map(escape).join(' · ');
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(w.invoice)} ${escape(invoice.number)}</title><style>${STYLE}</style></head>
<body class="${paper === '80mm' ? 'r80' : 'a4'}">
<div class="shop"><strong>${escape(shop.workshopName)}</strong>${contact ? `<br><span class="muted">${contact}</span>` : ''}${shop.taxId ? `<br><span class="muted">${escape(w.taxId)}: ${escape(shop.taxId)}</span>` : ''}</div>
<h1>${escape(w.invoice)} ${escape(invoice.number)}</h1>
<p><span class="status${invoice.status === 'void' ? ' void' : ''}">${escape(w.status[invoice.status])}</span>${invoice.voidReason ? ` ${escape(w.voided)}: ${escape(invoice.voidReason)}` : ''}</p>
<p>${escape(w.date)}: ${escape(date)}<br>${escape(w.customer)}: ${escape(invoice.customer.name)}${invoice.customer.phone ? ` · ${escape(invoice.customer.phone)}` : ''}${invoice.customer.address ? `<br>${escape(invoice.customer.address)}` : ''}<br>${escape(w.vehicle)}: ${escape(invoice.vehicle.plateNumber)} · ${escape(invoice.vehicle.make)} ${escape(invoice.vehicle.model)}</p>
<table><thead><tr><th>${escape(w.description)}</th><th class="n">${escape(w.quantity)}</th><th class="n u">${escape(w.unitPrice)}</th><th class="n">${escape(w.amount)}</th></tr></thead><tbody>${rows}</tbody></table>
<table class="totals"><tbody>
<tr><td>${escape(w.subtotal)}</td><td class="n">${money(invoice.subtotal)}</td></tr>
<tr><td>${escape(w.tax)} ${rate}</td><td class="n">${money(invoice.tax)}</td></tr>
<tr class="total"><td>${escape(w.total)}</td><td class="n">${money(invoice.total)}</td></tr>
<tr><td>${escape(w.paid)}</td><td class="n">${money(invoice.paid)}</td></tr>
<tr><td>${escape(w.balance)}</td><td class="n">${money(invoice.balance)}</td></tr>
</tbody></table>
<p class="muted">${escape(w.thanks)}</p>
</body>
</html>`;
}
