/** Chinese strings of the admin console's exchange-teacher (交流轮岗) page. */
export const adminExchangesZhCN = {
  title: '交流轮岗',
}

/** English strings of the admin console's exchange-teacher (交流轮岗) page. */
export const adminExchangesEn: typeof adminExchangesZhCN = {
  title: 'Exchange teachers',
}
