import { useSearchParams } from 'react-router';

/**
 * A screen's filters kept in its address (shareable, and the back button does not step through
 * each keystroke): the current parameters, and `set(name, value)`, which removes the parameter for
 * an empty value and replaces the history entry.
 */
export function useAddressParams() {
  const [params, setParams] = useSearchParams();
  const set = (name: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(name, value);
        else p.delete(name);
        return p;
      },
      { replace: true },
    );
  return [params, set] as const;
}
