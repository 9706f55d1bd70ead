import { createContext, useContext } from 'react';

/** Token ids (`token:3`) to the labels people gave them; unknown ids are shown as they are. */
export const NamesContext = createContext<ReadonlyMap<string, string>>(new Map());

export function useName(id: string | undefined): string {
  const names = useContext(NamesContext);
  return id ? (names.get(id) ?? id) : '';
}

/** A principal by the label people gave it. */
export function Name({ id }: { id: string }) {
  return <>{useName(id)}</>;
}
