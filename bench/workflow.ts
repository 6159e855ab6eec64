/** The input role of a built-in workflow the bench runs. */
export function inputRole(workflow: string): string {
  return workflow === 'CleanseContacts' ? 'Contacts' : 'Input';
}
