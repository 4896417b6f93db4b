/**
 * The check digits of the business identifiers an e-invoice carries. The seed uses them to make valid
 * ids (and, on purpose, a few invalid ones); the access point's rules use them to refuse bad ones.
 */

/** Remainder mod 97 of a long digit string, which does not fit a double. */
function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** The two check digits of a Belgian enterprise number: 97 minus its first eight digits mod 97. */
export function belgianCheckDigits(firstEight: string): string {
  return String(97 - mod97(firstEight)).padStart(2, '0');
}

/** A Belgian enterprise number (KBO/BCE, Peppol scheme 0208): ten digits whose last two check the first eight. */
export function isBelgianEnterpriseNumber(value: string): boolean {
  return /^[0-9]{10}$/.test(value) && belgianCheckDigits(value.slice(0, 8)) === value.slice(8);
}

/**
 * The ninth digit of a Dutch RSIN (the digits of an NL VAT id), by the "elfproef": the digits weighted
 * 9 down to 2, minus the last, are a multiple of 11. Undefined when no digit satisfies it.
 */
export function dutchRsinCheckDigit(firstEight: string): string | undefined {
  const sum = [...firstEight].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const check = sum % 11;
  return check === 10 ? undefined : String(check);
}

/** ISO 13616 check digits of an IBAN: 98 minus the BBAN, then the country and 00, read as digits (A = 10), mod 97. */
export function ibanCheckDigits(countryCode: string, bban: string): string {
  const digits = `${bban}${countryCode}00`.toUpperCase().replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  return String(98 - mod97(digits)).padStart(2, '0');
}

/** A Belgian account number's last two digits: its first ten mod 97 (97 for a remainder of 0). */
export function belgianAccountCheckDigits(firstTen: string): string {
  return String(mod97(firstTen) || 97).padStart(2, '0');
}
