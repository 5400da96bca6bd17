/**
 * The runtime picker: a select that reloads the page with `?runtime=` (WebContainer allows one
 * instance per page, so switching is a fresh page rather than a swap in place).
 */
export function mountRuntimePicker(select: HTMLSelectElement): void {
  const url = new URL(window.location.href);
  const asked = url.searchParams.get('runtime') ?? 'auto';
  select.value = [...select.options].some((o) => o.value === asked) ? asked : 'auto';
  select.disabled = false;
  select.addEventListener('change', () => {
    if (select.value === 'auto') url.searchParams.delete('runtime');
    else url.searchParams.set('runtime', select.value);
    window.location.assign(url.toString());
  });
}
