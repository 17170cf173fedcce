// Shared vocabulary for the mixed benchmark log: request paths, ids, user agents and the like,
// drawn so that a few values dominate and a long tail follows, as in production traffic.

import type { Rng } from "./rng.js";

/** Kernel timestamps: seconds since the fleet's last reboot, a few days before the log starts. */
export const uptime = (now: number): string => ((now - BOOT_MS) / 1000).toFixed(6);
const BOOT_MS = Date.UTC(2025, 2, 9, 4, 12, 7);

export const ms = (r: Rng, median: number, sigma = 0.8): number =>
  Math.max(1, Math.round(r.logNormal(median, sigma)));

export const productId = (r: Rng): number => 1000 + Math.floor(r.next() ** 2 * 48000);
export const orderId = (r: Rng): string => `ORD-${r.int(2400000, 2999999)}`;
export const customerId = (r: Rng): string => `cus_${r.alnum(12)}`;
export const paymentId = (r: Rng): string => `pay_${r.alnum(16)}`;
export const sku = (r: Rng): string =>
  `SKU-${r.int(10000, 99999)}-${r.pick(["S", "M", "L", "XL", "OS"])}`;
export const reqId = (r: Rng): string => r.hex(16);
export const userName = (r: Rng): string => `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 99)}`;

const FIRST = ["anna", "ben", "chloe", "dario", "emma", "farid", "greta", "hugo", "ines", "jonas"];
const LAST = ["meyer", "rossi", "dubois", "novak", "silva", "khan", "berg", "lopez", "ito"];

export const SEARCH_TERMS = [
  "running+shoes",
  "usb-c+cable",
  "rain+jacket",
  "coffee+grinder",
  "wireless+earbuds",
  "yoga+mat",
  "desk+lamp",
  "backpack",
  "water+bottle",
  "kids+bike+helmet",
  "standing+desk",
  "merino+socks",
];

const CATEGORIES = ["shoes", "outdoor", "electronics", "kitchen", "home", "kids", "sports"];

export const apiPath = (r: Rng): string => {
  switch (r.int(0, 11)) {
    case 0:
    case 1:
    case 2:
      return `/api/v1/products/${productId(r)}`;
    case 3:
      return `/api/v1/search?q=${r.skewed(SEARCH_TERMS)}&page=${r.skewed([1, 1, 1, 2, 3, 4])}`;
    case 4:
      return `/api/v1/categories/${r.pick(CATEGORIES)}?sort=${r.pick(["popular", "price", "new"])}`;
    case 5:
      return "/api/v1/cart";
    case 6:
      return `/api/v1/recommendations/${productId(r)}`;
    case 7:
      return `/api/v1/orders/${orderId(r)}`;
    case 8:
      return `/api/v1/reviews/${productId(r)}?limit=20`;
    case 9:
      return "/api/v1/wishlist";
    case 10:
      return `/api/v1/users/${r.int(10000, 999999)}/addresses`;
    default:
      return "/api/v1/shipping/quote";
  }
};

export const POST_PATHS = [
  "/api/v1/cart/items",
  "/api/v1/checkout",
  "/api/v1/orders",
  "/api/v1/promotions/validate",
  "/api/v1/auth/token",
  "/api/v1/wishlist",
];

export const STATIC = [
  "/static/js/main.4f9c2a.js",
  "/static/css/app.91bd3e.css",
  "/static/img/logo.svg",
  "/favicon.ico",
  "/static/js/vendor.a81f07.js",
  "/static/fonts/inter-var.woff2",
];

export const USER_AGENTS = [
  "ShopApp/5.14.2 (iOS 17.3; iPhone15,2)",
  "ShopApp/5.14.2 (Android 14; Pixel 8)",
  "okhttp/4.12.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36",
  "ShopApp/5.13.0 (iOS 16.7; iPhone12,1)",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
  "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
  "curl/8.5.0",
];

export const PODS = [
  "shop/checkout-api-7d9f8b6c5-x2k4p",
  "shop/checkout-api-7d9f8b6c5-q8w1m",
  "shop/inventory-5c6b7d8f9-lm3zt",
  "shop/search-6f8d9c7b5-rt6yu",
  "shop/auth-svc-84c9d7f6b-k2j9h",
  "shop/notifier-9b8c7d6f5-p0o9i",
  "monitoring/node-exporter-4hx7c",
  "kube-system/coredns-5d78c9869d-2wq7n",
];
