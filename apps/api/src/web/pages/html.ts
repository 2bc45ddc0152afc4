/** The five characters HTML gives meaning to, escaped, for the few fragments built in code. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type TagColour = 'red' | 'orange' | 'green' | 'grey' | 'blue';

/** nhsuk-frontend's tag, as its macro writes it: `<strong class="nhsuk-tag …">`. */
export function tagHtml(label: string, colour: TagColour): string {
  return `<strong class="nhsuk-tag nhsuk-tag--${colour}">${escapeHtml(label)}</strong>`;
}
