import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders its children once their place scrolls near the viewport: what is below the fold costs the first screen
 * neither its requests nor its JavaScript (the tenant dashboard's budget, test/browser/console.test.ts).
 */
export function WhenVisible({ children, minHeight = 320 }: { children: ReactNode; minHeight?: number }) {
  const place = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = place.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), {
      rootMargin: '120px',
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen]);
  return seen ? <>{children}</> : <div ref={place} style={{ minHeight }} data-testid="below-the-fold" />;
}
