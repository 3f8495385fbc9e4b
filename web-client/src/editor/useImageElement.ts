import { useEffect, useState } from 'react';

const cache = new Map<string, HTMLImageElement>();

/** Loads an image once per URL and returns it when it has decoded, else null. */
export function useImageElement(url: string | null): HTMLImageElement | null {
  const [image, setImage] = useState<HTMLImageElement | null>(() => (url ? cache.get(url) ?? null : null));

  useEffect(() => {
    if (!url) {
      setImage(null);
      return;
    }
    const cached = cache.get(url);
    if (cached?.complete && cached.naturalWidth > 0) {
      setImage(cached);
      return;
    }
    const element = cached ?? new Image();
    cache.set(url, element);
    let cancelled = false;
    const done = () => {
      if (!cancelled) {
        setImage(element.naturalWidth > 0 ? element : null);
      }
    };
    element.addEventListener('load', done);
    element.addEventListener('error', done);
    if (!cached) {
      element.src = url;
    }
    return () => {
      cancelled = true;
      element.removeEventListener('load', done);
      element.removeEventListener('error', done);
    };
  }, [url]);

  return image;
}
