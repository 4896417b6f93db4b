/** BT-24 of a Peppol BIS Billing 3.0 document; @e-invoice-eu/core's default (plain EN 16931) is refused by Peppol. */
export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';

/** BT-23: Peppol business process 01, billing. */
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
