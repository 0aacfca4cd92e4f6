// Invoices and payments (API.md v2): a completed service is invoiced once (a void invoice frees
// it), the invoice copies what it bills and never changes, payments bring its balance to 0, and
// owners void one with a reason. The front desk and owners use them; mechanics do not.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { invalidQuery, notFound } from '../../http/problem.ts';
import { OWNERS, STAFF } from '../../plugins/auth.ts';
import { cachedRead, normalizeBody, problems } from '../common/routes.ts';
import { checkPeriod, IdParams, Page } from '../common/schemas.ts';
import { printInvoice, PRINT_CSP, type Language, type Paper } from './print.ts';
import { InvoiceRepository } from './repository.ts';
import { Invoice, InvoiceQuery, NewPayment, Payment, VoidBody, type InvoiceQueryInput, type NewPaymentInput } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    invoices: InvoiceRepository;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const invoices = new InvoiceRepository(app.database);
    app.decorate('invoices', invoices);
    app.describeConstraints({
      invoices_live_service_key: { duplicate: { field: '/serviceId', detail: 'This service has an invoice already: void it first to issue another' } },
      invoices_service_id_services_id_fk: { has_dependants: { detail: 'The service has an invoice: it stays, as the invoice does' } },
      invoices_customer_id_customers_id_fk: { has_dependants: { detail: 'The customer has invoices: they stay, as the invoices do' } },
      invoices_immutable: { has_dependants: { detail: 'An issued invoice cannot be edited: void it and issue another' } },
    });
    const tags = ['Invoices'];
    const issuing = { access: STAFF, writes: ['invoices'] };
    const paying = { access: STAFF, writes: ['invoices', 'payments'] };

    app.post<{ Params: { id: number } }>('/api/services/:id/invoice', {
      schema: {
        operationId: 'issueInvoice',
        tags,
        summary: 'Invoice a completed service',
        description: 'Copies the customer, vehicle and lines as they are now (a service without lines is one fee of its cost), with the tax rate of the settings. `409` if the service is not completed or has a live invoice.',
        params: IdParams,
        response: { 201: Invoice, ...problems(400, 401, 403, 404, 409, 503) },
      },
      config: issuing,
      handler: async (request, reply) => {
        const issued = await invoices.issue(request.params.id);
        if (!issued) throw notFound('Service');
        return reply.code(201).header('location', `/api/invoices/${issued.id}`).send(issued);
      },
    });

    app.get<{ Querystring: InvoiceQueryInput }>('/api/invoices', {
      schema: { operationId: 'listInvoices', tags, summary: 'List invoices', description: 'Newest first; filters `status`, `customerId`, `serviceId`, `from`, `to` (issued), `q` (number, customer name, plate).', querystring: InvoiceQuery, response: { 200: Page(Invoice), ...problems(400, 401, 403, 503) } },
      config: { access: STAFF },
      handler: async (request, reply) => {
        const errors = checkPeriod(request.query);
        if (errors.length > 0) throw invalidQuery(errors);
        return cachedRead(app, request, reply, 'list', ['invoices'], () => invoices.list(request.query));
      },
    });

    app.get<{ Params: { id: number } }>('/api/invoices/:id', {
      schema: { operationId: 'getInvoice', tags, summary: 'Get an invoice', description: 'One invoice, with its balance.', params: IdParams, response: { 200: Invoice, ...problems(400, 401, 403, 404, 503) } },
      config: { access: STAFF },
      handler: (request, reply) => cachedRead(app, request, reply, 'item', ['invoices'], async () => (await invoices.get(request.params.id)) ?? Promise.reject(notFound('Invoice'))),
    });

    app.post<{ Params: { id: number }; Body: NewPaymentInput }>('/api/invoices/:id/payments', {
      schema: {
        operationId: 'recordPayment',
        tags,
        summary: 'Record a payment',
        description: 'Cash, transfer, card or QRIS. More than the balance is `422`; a void invoice is `409`. At balance 0 the invoice is `paid`.',
        params: IdParams,
        body: NewPayment,
        response: { 201: Payment, ...problems(400, 401, 403, 404, 409, 413, 415, 422, 503) },
      },
      config: paying,
      preValidation: normalizeBody(NewPayment),
      handler: async (request, reply) => {
        const payment = await invoices.pay(request.params.id, request.body);
        if (!payment) throw notFound('Invoice');
        app.countRevenue(payment.amount);
        return reply.code(201).send(payment);
      },
    });

    app.get<{ Params: { id: number } }>('/api/invoices/:id/payments', {
      schema: { operationId: 'listPayments', tags, summary: "An invoice's payments", description: 'Oldest first.', params: IdParams, response: { 200: Page(Payment), ...problems(400, 401, 403, 404, 503) } },
      config: { access: STAFF },
      handler: async (request) => {
        if (!(await invoices.get(request.params.id))) throw notFound('Invoice');
        const items = await invoices.payments(request.params.id);
        return { items, total: items.length, limit: Math.max(items.length, 1), offset: 0 };
      },
    });

    app.get<{ Params: { id: number }; Querystring: { lang?: Language; paper?: Paper } }>('/api/invoices/:id/print', {
      schema: {
        operationId: 'printInvoice',
        tags,
        summary: 'The invoice to print',
        description: "An HTML page for A4 paper (`paper=a4`, the default) or an 80 mm receipt printer (`paper=80mm`), in English or Indonesian (`lang=en|id`), with the workshop's details.",
        params: IdParams,
        querystring: Type.Object(
          { lang: Type.Optional(Type.Unsafe<Language>({ type: 'string', enum: ['en', 'id'], default: 'en' })), paper: Type.Optional(Type.Unsafe<Paper>({ type: 'string', enum: ['a4', '80mm'], default: 'a4' })) },
          { additionalProperties: false },
        ),
        response: { 200: { description: 'the page, text/html', type: 'string' }, ...problems(400, 401, 403, 404, 503) },
      },
      config: { access: STAFF },
      handler: async (request, reply) => {
        const [invoice, shop] = await Promise.all([invoices.get(request.params.id), app.settings.read()]);
        if (!invoice) throw notFound('Invoice');
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', PRINT_CSP)
          .header('cache-control', 'no-store')
          .send(printInvoice(invoice, shop, request.query.lang ?? 'en', request.query.paper ?? 'a4'));
      },
    });

    app.post<{ Params: { id: number }; Body: { reason: string } }>('/api/invoices/:id/void', {
      schema: { operationId: 'voidInvoice', tags, summary: 'Void an invoice', description: 'Owners only. It keeps its number, takes no more payments, and frees its service for a new invoice.', params: IdParams, body: VoidBody, response: { 200: Invoice, ...problems(400, 401, 403, 404, 409, 413, 415, 503) } },
      config: { access: OWNERS, writes: ['invoices'] },
      preValidation: normalizeBody(VoidBody),
      handler: async (request) => (await invoices.void(request.params.id, request.body.reason)) ?? Promise.reject(notFound('Invoice')),
    });
  },
  { name: 'invoices', dependencies: ['database', 'cache', 'problems', 'auth', 'settings', 'metrics'] },
);
