/** What each TD SYNNEX status means to a tech, and what to do about it. */
export function statusText(status: string, stock: number, dropShip = 0): string {
  switch (status) {
    case 'Active':
      if (stock > 0) return 'Sold by TD SYNNEX and in stock.';
      return dropShip > 0
        ? `Sold by TD SYNNEX; none in its warehouses, ${dropShip} available by manufacturer drop-ship.`
        : 'Sold by TD SYNNEX, currently out of stock everywhere: it can be back-ordered.';
    case 'Discontinued':
      return 'Discontinued by TD SYNNEX: only remaining stock can ship. Quote a replacement if stock runs short.';
    case 'Not found':
      return 'TD SYNNEX does not know this part number. Check the manufacturer part number on the ConnectWise catalog item, or source it elsewhere.';
    case 'Not authorized':
      return 'Your TD SYNNEX account is not authorized for this product line. Ask your TD SYNNEX rep to enable it.';
    default:
      return `TD SYNNEX reports "${status}" for this product.`;
  }
}

export const NOTE_TEXT = {
  service_line: 'A service, labour or agreement line: not something TD SYNNEX sells.',
  no_part_number:
    'Not matched to TD SYNNEX: the catalog item has no TD SYNNEX SKU or manufacturer part number. Add the manufacturer part number in the ConnectWise catalog.',
  lookup_failed:
    'TD SYNNEX did not answer for this line and there is no earlier answer to show. Try refresh in a minute.',
} as const;
