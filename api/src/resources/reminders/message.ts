// The message that brings a customer back: ready to send by WhatsApp (wa.me with the text) or
// e-mail (mailto:), in English or Indonesian. An Indonesian number written 08… is 628… for wa.me.

import type { MessageContext } from './repository.ts';

export type Language = 'en' | 'id';

export function whatsappDigits(phone: string | null): string | undefined {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length < 8) return undefined;
  return digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
}

export function reminderMessage({ reminder, vehicle, customer, workshop }: MessageContext, language: Language) {
  const locale = language === 'id' ? 'id-ID' : 'en-GB';
  const when: string[] = [];
  if (reminder.dueDate) when.push(new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${reminder.dueDate}T00:00:00Z`)));
  if (reminder.dueMileage !== null) when.push(`${new Intl.NumberFormat(locale).format(reminder.dueMileage)} km`);
  const car = `${vehicle.make} ${vehicle.model} (${vehicle.plateNumber})`;
  const call = workshop.phone ? (language === 'id' ? ` Hubungi kami di ${workshop.phone}.` : ` Call us on ${workshop.phone}.`) : '';
  const due = when.join(language === 'id' ? ' atau ' : ' or ');
  const text =
    language === 'id'
      ? `Halo ${customer.name}, ${car} Anda sudah waktunya untuk ${reminder.description.toLowerCase()} (${due}). Kami tunggu kedatangan Anda di ${workshop.workshopName}.${call}`
      : `Hello ${customer.name}, your ${car} is due for ${reminder.description.toLowerCase()} (${due}). We look forward to seeing you at ${workshop.workshopName}.${call}`;
  const digits = whatsappDigits(customer.phone);
  const subject = language === 'id' ? `Pengingat servis: ${vehicle.plateNumber}` : `Service reminder: ${vehicle.plateNumber}`;
  return {
    text,
    whatsappUrl: digits ? `https://wa.me/${digits}?text=${encodeURIComponent(text)}` : null,
    mailtoUrl: customer.email ? `mailto:${encodeURIComponent(customer.email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}` : null,
  };
}
