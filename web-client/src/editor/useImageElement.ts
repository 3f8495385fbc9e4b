import { useEffect, useState } from 'react';

const cache = new Map<string, HTMLImageElement>();

export interface ImageState {
  image: HTMLImageElement | null;
  /** Whether the last load of this URL failed; a failed URL is loaded again on the next use. */
  failed: boolean;
}

/** Loads an image once per URL and reports it when it has decoded, or that it failed. */
export function useImageState(url: string | null): ImageState {
  const [state, setState] = useState<ImageState>(() => {
    const cached = url ? cache.get(url) : undefined;
    return { image: cached?.complete && cached.naturalWidth > 0 ? cached : null, failed: false };
  });

  useEffect(() => {
    if (!url) {
      setState({ image: null, failed: false });
      return;
    }
    const cached = cache.get(url);
    if (cached?.complete && cached.naturalWidth > 0) {
      setState({ image: cached, failed: false });
      return;
    }
    const element = cached ?? new Image();
    cache.set(url, element);
    let cancelled = false;
    const loaded = () => {
      if (!cancelled) setState({ image: element, failed: false });
    };
    const failed = () => {
      cache.delete(url);
      if (!cancelled) setState({ image: null, failed: true });
    };
    element.addEventListener('load', loaded);
    element.addEventListener('error', failed);
    if (!cached) {
      element.src = url;
    }
    return () => {
      cancelled = true;
      element.removeEventListener('load', loaded);
      element.removeEventListener('error', failed);
    };
  }, [url]);

  return state;
}

/** Loads an image once per URL and returns it when it has decoded, else null. */
export function useImageElement(url: string | null): HTMLImageElement | null {
  return useImageState(url).image;
}
