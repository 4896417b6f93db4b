/**
 * What GraphiQL shows on a first visit: one customer read across the ERP, CRM and payments, with
 * an id the seeded sandbox has (customer 1), so that pressing run answers straight away.
 */
export const EXAMPLE_QUERY = `# One query, several systems: the customer and its orders come from the ERP,
# its contact details from the CRM and its payments from the payment provider.
# Press the run button (or Ctrl-Enter) to ask.
query CustomerWithOrders {
  customer(id: "Q3VzdG9tZXI6MQ") {
    name
    email
    crm { lifecycleStage }
    orders(first: 3) {
      reference
      status
      total { formatted }
    }
    payments { status amount { formatted } }
  }
}
`;
