/**
 * ODS codes name NHS organisations and independent-sector providers: 3 to 6 uppercase letters
 * or digits (Oxleas is RPG, South London and Maudsley RV5).
 */
const ODS_PATTERN = /^[A-Z0-9]{3,6}$/;

export function isOdsCode(raw: unknown): raw is string {
  return typeof raw === 'string' && ODS_PATTERN.test(raw);
}
