import { describe, expect, it } from 'vitest';
import { hubSpotChangeTags } from '../../src/connectors/crm/crmCache.js';
import { CHANGE_FEEDS } from '../../src/connectors/erp/erpChanges.js';
import { stripeChangeTags } from '../../src/connectors/payments/paymentsCache.js';
import { easyPostChangeTags } from '../../src/connectors/shipping/shippingCache.js';

/** What each system's own change notification makes stale in the cache. */
describe('change notifications as cache tags', () => {
  it('HubSpot: contacts, their company associations, and emails that had no contact', () => {
    const event = (fields: Record<string, unknown>) => ({ eventId: 1, occurredAt: 0, attemptNumber: 0, ...fields });
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.propertyChange', objectId: 123, propertyName: 'lifecyclestage' }))).toEqual([
      'crm:contact:123',
      'crm:contact-companies:123',
    ]);
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.propertyChange', objectId: 123, propertyName: 'email' }))).toContain('crm:contact:created');
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.creation', objectId: 7 }))).toEqual(['crm:contact:7', 'crm:contact-companies:7', 'crm:contact:created']);
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.deletion', objectId: 7 }))).toEqual(['crm:contact:7', 'crm:contact-companies:7']);
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.merge', objectId: 9, primaryObjectId: 9, mergedObjectIds: [4] }))).toEqual(
      expect.arrayContaining(['crm:contact:9', 'crm:contact:4', 'crm:contact:created']),
    );
    expect(hubSpotChangeTags(event({ subscriptionType: 'contact.associationChange', associationType: 'CONTACT_TO_COMPANY', fromObjectId: 5, toObjectId: 80 }))).toEqual([
      'crm:contact-companies:5',
    ]);
    expect(hubSpotChangeTags(event({ subscriptionType: 'company.associationChange', associationType: 'COMPANY_TO_CONTACT', fromObjectId: 80, toObjectId: 5 }))).toEqual([
      'crm:contact-companies:5',
    ]);
    expect(hubSpotChangeTags(event({ subscriptionType: 'company.propertyChange', objectId: 80, propertyName: 'name' }))).toEqual(['crm:company:80']);
    expect(hubSpotChangeTags({ nothing: true })).toEqual([]);
  });

  it('Stripe: the intent, its refunds and the lists of its customer and order; a customer by id and by ERP partner', () => {
    const intent = { id: 'pi_1', object: 'payment_intent', metadata: { erp_partner_id: '5', erp_order_id: '77' } };
    expect(stripeChangeTags({ type: 'payment_intent.succeeded', data: { object: intent } })).toEqual([
      'payments:payment_intent:pi_1',
      'payments:refund:payment_intent:pi_1',
      'payments:payment_intent:erp_partner:5',
      'payments:payment_intent:erp_order:77',
    ]);
    expect(stripeChangeTags({ type: 'charge.refunded', data: { object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_1', metadata: {} } } })).toEqual([
      'payments:payment_intent:pi_1',
      'payments:refund:payment_intent:pi_1',
    ]);
    expect(stripeChangeTags({ type: 'customer.updated', data: { object: { id: 'cus_1', object: 'customer', metadata: { erp_partner_id: '5' } } } })).toEqual([
      'payments:customer:cus_1',
      'payments:customer:erp_partner:5',
    ]);
    expect(stripeChangeTags({ type: 'payment_method.attached', data: { object: { id: 'pm_1', object: 'payment_method', customer: 'cus_1' } } })).toEqual(['payments:customer:cus_1']);
  });

  it('EasyPost: the tracker by tracking code, in its own and in Standard Webhooks form', () => {
    expect(easyPostChangeTags({ description: 'tracker.updated', result: { tracking_code: 'EZ1' } })).toEqual(['shipping:tracker:EZ1']);
    expect(easyPostChangeTags({ type: 'tracker.updated', data: { tracking_code: 'EZ2' } })).toEqual(['shipping:tracker:EZ2']);
    expect(easyPostChangeTags({})).toEqual([]);
  });

  it('Odoo: a written record, and the parents whose lists it is in', () => {
    expect(CHANGE_FEEDS['sale.order'].tagsOf({ id: 7, partner_id: 5 })).toEqual(['erp:sale.order:7', 'erp:res.partner:5']);
    expect(CHANGE_FEEDS['sale.order.line'].tagsOf({ id: 70, order_id: 7 })).toEqual(['erp:sale.order.line:order:7', 'erp:sale.order:7']);
    expect(CHANGE_FEEDS['stock.picking'].tagsOf({ id: 3, sale_id: null })).toEqual([]);
    expect(CHANGE_FEEDS['account.move'].tagsOf({ id: 9, partner_id: 5 })).toEqual(['erp:account.move:9', 'erp:account.move:partner:5']);
  });
});
