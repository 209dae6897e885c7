var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

// node_modules/@bufbuild/protobuf/dist/esm/is-message.js
function isMessage(arg, schema) {
  const isMessage2 = arg !== null && typeof arg == "object" && "$typeName" in arg && typeof arg.$typeName == "string";
  if (!isMessage2) {
    return false;
  }
  if (schema === void 0) {
    return true;
  }
  return schema.typeName === arg.$typeName;
}

// node_modules/@bufbuild/protobuf/dist/esm/descriptors.js
var ScalarType;
(function(ScalarType2) {
  ScalarType2[ScalarType2["DOUBLE"] = 1] = "DOUBLE";
  ScalarType2[ScalarType2["FLOAT"] = 2] = "FLOAT";
  ScalarType2[ScalarType2["INT64"] = 3] = "INT64";
  ScalarType2[ScalarType2["UINT64"] = 4] = "UINT64";
  ScalarType2[ScalarType2["INT32"] = 5] = "INT32";
  ScalarType2[ScalarType2["FIXED64"] = 6] = "FIXED64";
  ScalarType2[ScalarType2["FIXED32"] = 7] = "FIXED32";
  ScalarType2[ScalarType2["BOOL"] = 8] = "BOOL";
  ScalarType2[ScalarType2["STRING"] = 9] = "STRING";
  ScalarType2[ScalarType2["BYTES"] = 12] = "BYTES";
  ScalarType2[ScalarType2["UINT32"] = 13] = "UINT32";
  ScalarType2[ScalarType2["SFIXED32"] = 15] = "SFIXED32";
  ScalarType2[ScalarType2["SFIXED64"] = 16] = "SFIXED64";
  ScalarType2[ScalarType2["SINT32"] = 17] = "SINT32";
  ScalarType2[ScalarType2["SINT64"] = 18] = "SINT64";
})(ScalarType || (ScalarType = {}));

// node_modules/@bufbuild/protobuf/dist/esm/wire/varint.js
function varint64read() {
  const buf = this.buf;
  let pos = this.pos;
  let lo = 0;
  let hi = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    const b = buf[pos++];
    lo |= (b & 127) << shift;
    if ((b & 128) == 0) {
      this.pos = pos;
      this.assertBounds();
      this.varint64Lo = lo;
      this.varint64Hi = hi;
      return;
    }
  }
  const middleByte = buf[pos++];
  lo |= (middleByte & 15) << 28;
  hi = (middleByte & 112) >> 4;
  if ((middleByte & 128) == 0) {
    this.pos = pos;
    this.assertBounds();
    this.varint64Lo = lo;
    this.varint64Hi = hi;
    return;
  }
  for (let shift = 3; shift <= 31; shift += 7) {
    const b = buf[pos++];
    hi |= (b & 127) << shift;
    if ((b & 128) == 0) {
      this.pos = pos;
      this.assertBounds();
      this.varint64Lo = lo;
      this.varint64Hi = hi;
      return;
    }
  }
  throw new Error("invalid varint");
}
var TWO_PWR_32_DBL = 4294967296;
function int64FromString(dec) {
  const minus = dec[0] === "-";
  if (minus) {
    dec = dec.slice(1);
  }
  const base = 1e6;
  let lowBits = 0;
  let highBits = 0;
  function add1e6digit(begin, end) {
    const digit1e6 = Number(dec.slice(begin, end));
    highBits *= base;
    lowBits = lowBits * base + digit1e6;
    if (lowBits >= TWO_PWR_32_DBL) {
      highBits = highBits + (lowBits / TWO_PWR_32_DBL | 0);
      lowBits = lowBits % TWO_PWR_32_DBL;
    }
  }
  add1e6digit(-24, -18);
  add1e6digit(-18, -12);
  add1e6digit(-12, -6);
  add1e6digit(-6);
  return minus ? negate(lowBits, highBits) : newBits(lowBits, highBits);
}
function int64ToString(lo, hi) {
  let bits = newBits(lo, hi);
  const negative = bits.hi & 2147483648;
  if (negative) {
    bits = negate(bits.lo, bits.hi);
  }
  const result = uInt64ToString(bits.lo, bits.hi);
  return negative ? "-" + result : result;
}
function uInt64ToString(lo, hi) {
  ({ lo, hi } = toUnsigned(lo, hi));
  if (hi <= 2097151) {
    return String(TWO_PWR_32_DBL * hi + lo);
  }
  const low = lo & 16777215;
  const mid = (lo >>> 24 | hi << 8) & 16777215;
  const high = hi >> 16 & 65535;
  let digitA = low + mid * 6777216 + high * 6710656;
  let digitB = mid + high * 8147497;
  let digitC = high * 2;
  const base = 1e7;
  if (digitA >= base) {
    digitB += Math.floor(digitA / base);
    digitA %= base;
  }
  if (digitB >= base) {
    digitC += Math.floor(digitB / base);
    digitB %= base;
  }
  return digitC.toString() + decimalFrom1e7WithLeadingZeros(digitB) + decimalFrom1e7WithLeadingZeros(digitA);
}
function toUnsigned(lo, hi) {
  return { lo: lo >>> 0, hi: hi >>> 0 };
}
function newBits(lo, hi) {
  return { lo: lo | 0, hi: hi | 0 };
}
function negate(lowBits, highBits) {
  highBits = ~highBits;
  if (lowBits) {
    lowBits = ~lowBits + 1;
  } else {
    highBits += 1;
  }
  return newBits(lowBits, highBits);
}
var decimalFrom1e7WithLeadingZeros = (digit1e7) => {
  const partial = String(digit1e7);
  return "0000000".slice(partial.length) + partial;
};
function varint32write(value, bytes) {
  if (value >>> 0 < 128) {
    bytes.push(value);
    return;
  }
  if (value >= 0) {
    while (value > 127) {
      bytes.push(value & 127 | 128);
      value = value >>> 7;
    }
    bytes.push(value);
  } else {
    for (let i = 0; i < 9; i++) {
      bytes.push(value & 127 | 128);
      value = value >> 7;
    }
    bytes.push(1);
  }
}
function varint32read() {
  let b = this.buf[this.pos++];
  if ((b & 128) === 0) {
    this.assertBounds();
    return b;
  }
  let result = b & 127;
  b = this.buf[this.pos++];
  result |= (b & 127) << 7;
  if ((b & 128) === 0) {
    this.assertBounds();
    return result;
  }
  b = this.buf[this.pos++];
  result |= (b & 127) << 14;
  if ((b & 128) === 0) {
    this.assertBounds();
    return result;
  }
  b = this.buf[this.pos++];
  result |= (b & 127) << 21;
  if ((b & 128) === 0) {
    this.assertBounds();
    return result;
  }
  b = this.buf[this.pos++];
  result |= (b & 15) << 28;
  for (let readBytes = 5; (b & 128) !== 0 && readBytes < 10; readBytes++)
    b = this.buf[this.pos++];
  if ((b & 128) !== 0)
    throw new Error("invalid varint");
  this.assertBounds();
  return result >>> 0;
}

// node_modules/@bufbuild/protobuf/dist/esm/proto-int64.js
var protoInt64 = /* @__PURE__ */ makeInt64Support();
function makeInt64Support() {
  const dv = new DataView(new ArrayBuffer(8));
  const ok = typeof BigInt === "function" && typeof dv.getBigInt64 === "function" && typeof dv.getBigUint64 === "function" && typeof dv.setBigInt64 === "function" && typeof dv.setBigUint64 === "function" && (!!globalThis.Deno || !!globalThis.Bun || typeof process != "object" || typeof process.env != "object" || process.env.BUF_BIGINT_DISABLE !== "1");
  if (ok) {
    const MIN = BigInt("-9223372036854775808");
    const MAX = BigInt("9223372036854775807");
    const UMIN = BigInt("0");
    const UMAX = BigInt("18446744073709551615");
    return {
      zero: BigInt(0),
      supported: true,
      parse(value) {
        const bi = typeof value == "bigint" ? value : BigInt(value);
        if (bi > MAX || bi < MIN) {
          throw new Error(`invalid int64: ${value}`);
        }
        return bi;
      },
      uParse(value) {
        const bi = typeof value == "bigint" ? value : BigInt(value);
        if (bi > UMAX || bi < UMIN) {
          throw new Error(`invalid uint64: ${value}`);
        }
        return bi;
      },
      enc(value) {
        dv.setBigInt64(0, this.parse(value), true);
        return {
          lo: dv.getInt32(0, true),
          hi: dv.getInt32(4, true)
        };
      },
      uEnc(value) {
        dv.setBigInt64(0, this.uParse(value), true);
        return {
          lo: dv.getInt32(0, true),
          hi: dv.getInt32(4, true)
        };
      },
      dec(lo, hi) {
        dv.setInt32(0, lo, true);
        dv.setInt32(4, hi, true);
        return dv.getBigInt64(0, true);
      },
      uDec(lo, hi) {
        dv.setInt32(0, lo, true);
        dv.setInt32(4, hi, true);
        return dv.getBigUint64(0, true);
      }
    };
  }
  return {
    zero: "0",
    supported: false,
    parse(value) {
      if (typeof value != "string") {
        value = value.toString();
      }
      assertInt64String(value);
      return value;
    },
    uParse(value) {
      if (typeof value != "string") {
        value = value.toString();
      }
      assertUInt64String(value);
      return value;
    },
    enc(value) {
      if (typeof value != "string") {
        value = value.toString();
      }
      assertInt64String(value);
      return int64FromString(value);
    },
    uEnc(value) {
      if (typeof value != "string") {
        value = value.toString();
      }
      assertUInt64String(value);
      return int64FromString(value);
    },
    dec(lo, hi) {
      return int64ToString(lo, hi);
    },
    uDec(lo, hi) {
      return uInt64ToString(lo, hi);
    }
  };
}
function assertInt64String(value) {
  if (!/^-?[0-9]+$/.test(value)) {
    throw new Error("invalid int64: " + value);
  }
}
function assertUInt64String(value) {
  if (!/^[0-9]+$/.test(value)) {
    throw new Error("invalid uint64: " + value);
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/scalar.js
function scalarZeroValue(type, longAsString) {
  switch (type) {
    case ScalarType.STRING:
      return "";
    case ScalarType.BOOL:
      return false;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 0;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SFIXED64:
    case ScalarType.FIXED64:
    case ScalarType.SINT64:
      return longAsString ? "0" : protoInt64.zero;
    case ScalarType.BYTES:
      return new Uint8Array(0);
    default:
      return 0;
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/unsafe.js
function unsafeIsSetExplicit(target, localName) {
  return Object.prototype.hasOwnProperty.call(target, localName) && target[localName] !== void 0;
}
function setOwn(obj, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(obj, "__proto__", {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    });
  } else {
    obj[key] = value;
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/guard.js
function isObject(arg) {
  return arg !== null && typeof arg == "object" && !Array.isArray(arg);
}

// node_modules/@bufbuild/protobuf/dist/esm/wkt/wrappers.js
function isWrapperDesc(messageDesc2) {
  const f = messageDesc2.fields[0];
  return isWrapperTypeName(messageDesc2.typeName) && f !== void 0 && f.fieldKind == "scalar" && f.name == "value" && f.number == 1;
}
var wrapperTypeNames = /* @__PURE__ */ new Set([
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue"
]);
function isWrapperTypeName(name) {
  return wrapperTypeNames.has(name);
}

// node_modules/@bufbuild/protobuf/dist/esm/create.js
var EDITION_PROTO3 = 999;
var EDITION_PROTO2 = 998;
var IMPLICIT = 2;
function create(schema, init) {
  if (isMessage(init, schema)) {
    return init;
  }
  return compiledCreate(schema)(init);
}
var compiledCreates = /* @__PURE__ */ new WeakMap();
function compiledCreate(desc) {
  let compiled = compiledCreates.get(desc);
  if (compiled === void 0) {
    compiled = compileCreate(desc);
    compiledCreates.set(desc, compiled);
  }
  return compiled;
}
var INIT_SINGULAR = 0;
var INIT_LIST = 1;
var INIT_MAP = 2;
var INIT_ONEOF = 3;
function compileCreate(desc) {
  const typeName = desc.typeName;
  const { properties, prototype } = compileInitMessage(desc);
  return (init) => {
    let message;
    if (prototype !== void 0) {
      message = Object.create(prototype);
      message.$typeName = typeName;
    } else {
      message = { $typeName: typeName };
    }
    for (let i = 0; i < properties.length; i++) {
      const property = properties[i];
      const name = property.name;
      const initValue = init === null || init === void 0 ? void 0 : init[name];
      switch (property.kind) {
        case INIT_SINGULAR:
          if (initValue != null) {
            message[name] = property.convert !== void 0 ? property.convert(initValue) : initValue;
          } else if (property.constant !== void 0) {
            message[name] = property.constant;
          }
          break;
        case INIT_LIST:
          message[name] = property.convert !== void 0 && Array.isArray(initValue) ? initValue.map(property.convert) : initValue !== null && initValue !== void 0 ? initValue : [];
          break;
        case INIT_MAP:
          if (property.convert === void 0 || !isObject(initValue)) {
            message[name] = initValue !== null && initValue !== void 0 ? initValue : {};
          } else {
            const converted = {};
            const keys = Object.keys(initValue);
            for (let k = 0; k < keys.length; k++) {
              setOwn(converted, keys[k], property.convert(initValue[keys[k]]));
            }
            message[name] = converted;
          }
          break;
        case INIT_ONEOF: {
          const oneofValue = initValue;
          if ((oneofValue === null || oneofValue === void 0 ? void 0 : oneofValue.case) != null) {
            const convert = property.convert.get(oneofValue.case);
            if (convert !== void 0) {
              message[name] = {
                case: oneofValue.case,
                value: convert(oneofValue.value)
              };
              break;
            }
          }
          message[name] = { case: void 0 };
          break;
        }
      }
    }
    return message;
  };
}
function compileInitMessage(desc) {
  var _a, _b;
  const properties = [];
  const prototype = {};
  const usePrototype = needsPrototypeChain(desc);
  for (const member of desc.members) {
    const name = member.localName;
    if (member.kind == "oneof") {
      properties.push({
        name,
        kind: INIT_ONEOF,
        constant: void 0,
        convert: compileConvertOneof(member)
      });
      continue;
    }
    switch (member.fieldKind) {
      case "message": {
        properties.push({
          name,
          kind: INIT_SINGULAR,
          constant: void 0,
          convert: compileConvertMessage(member)
        });
        break;
      }
      case "list": {
        properties.push({
          name,
          kind: INIT_LIST,
          constant: void 0,
          convert: member.listKind == "message" ? (_a = compileConvertMessage(member)) !== null && _a !== void 0 ? _a : ((value) => value) : member.scalar == ScalarType.BYTES ? toU8Arr : void 0
        });
        break;
      }
      case "map": {
        properties.push({
          name,
          kind: INIT_MAP,
          constant: void 0,
          convert: member.mapKind == "message" ? (_b = compileConvertMessage(member)) !== null && _b !== void 0 ? _b : ((value) => value) : member.scalar == ScalarType.BYTES ? toU8Arr : void 0
        });
        break;
      }
      default: {
        const zeroValue = createZeroValue(member);
        properties.push({
          name,
          kind: INIT_SINGULAR,
          constant: member.presence == IMPLICIT ? zeroValue : void 0,
          convert: member.fieldKind == "scalar" && member.scalar == ScalarType.BYTES ? toU8Arr : void 0
        });
        if (usePrototype) {
          prototype[name] = zeroValue;
        }
        break;
      }
    }
  }
  return {
    properties,
    prototype: usePrototype ? prototype : void 0
  };
}
function compileConvertOneof(oneof) {
  const converters = /* @__PURE__ */ new Map();
  for (const field of oneof.fields) {
    let convert;
    if (field.fieldKind == "message") {
      convert = compileConvertMessage(field);
    } else if (field.fieldKind == "scalar" && field.scalar == ScalarType.BYTES) {
      convert = toU8Arr;
    }
    converters.set(field.localName, convert !== null && convert !== void 0 ? convert : ((value) => value));
  }
  return converters;
}
function compileConvertMessage(field) {
  if (field.fieldKind == "message" && !field.oneof && isWrapperDesc(field.message)) {
    return field.message.fields[0].scalar == ScalarType.BYTES ? toU8Arr : void 0;
  }
  if (field.message.typeName == "google.protobuf.Struct" && field.parent.typeName !== "google.protobuf.Value") {
    return void 0;
  }
  const messageDesc2 = field.message;
  let compiled;
  return (value) => {
    if (!isObject(value) || isMessage(value, messageDesc2)) {
      return value;
    }
    compiled !== null && compiled !== void 0 ? compiled : compiled = compiledCreate(messageDesc2);
    return compiled(value);
  };
}
function toU8Arr(value) {
  return Array.isArray(value) ? new Uint8Array(value) : value;
}
function needsPrototypeChain(desc) {
  switch (desc.file.edition) {
    case EDITION_PROTO3:
      return false;
    case EDITION_PROTO2:
      return true;
    default:
      return desc.fields.some((f) => f.presence != IMPLICIT && f.fieldKind != "message" && !f.oneof);
  }
}
function createZeroValue(field) {
  const defaultValue = field.getDefaultValue();
  if (defaultValue !== void 0) {
    return field.fieldKind == "scalar" && field.longAsString ? defaultValue.toString() : defaultValue;
  }
  return field.fieldKind == "scalar" ? scalarZeroValue(field.scalar, field.longAsString) : field.enum.values[0].number;
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/error.js
var FieldError = class extends Error {
  constructor(fieldOrOneof, message, name = "FieldValueInvalidError") {
    super(message);
    this.name = name;
    this.field = () => fieldOrOneof;
  }
};

// node_modules/@bufbuild/protobuf/dist/esm/wire/text-encoding.js
var te;
function configureTextEncoding(textEncoding) {
  var _a;
  te = Object.assign(Object.assign({}, textEncoding), { encodeUtf8Into: (_a = textEncoding.encodeUtf8Into) !== null && _a !== void 0 ? _a : emulateEncodeInto(textEncoding.encodeUtf8.bind(textEncoding)) });
}
function getTextEncoding() {
  if (!te) {
    const globals = globalThis;
    if (!globals.TextEncoder || !globals.TextDecoder) {
      throw new Error("encoding API missing: install TextEncoder and TextDecoder on globalThis");
    }
    const textEncoder = new globals.TextEncoder();
    const textDecoder = new globals.TextDecoder("utf-8", {
      ignoreBOM: true
    });
    let textDecoderStrict;
    const config = {
      encodeUtf8(text) {
        return textEncoder.encode(text);
      },
      decodeUtf8(bytes, strict) {
        if (strict) {
          if (!textDecoderStrict) {
            textDecoderStrict = new globals.TextDecoder("utf-8", {
              fatal: true,
              ignoreBOM: true
            });
          }
          return textDecoderStrict.decode(bytes);
        }
        return textDecoder.decode(bytes);
      },
      checkUtf8(text) {
        try {
          encodeURIComponent(text);
          return true;
        } catch (_) {
          return false;
        }
      }
    };
    if (textEncoder.encodeInto) {
      config.encodeUtf8Into = textEncoder.encodeInto.bind(textEncoder);
    }
    const nativeStringIsWellFormed = String.prototype.isWellFormed;
    if (nativeStringIsWellFormed) {
      config.checkUtf8 = (text) => {
        return nativeStringIsWellFormed.call(text);
      };
    }
    configureTextEncoding(config);
  }
  return te;
}
function emulateEncodeInto(encodeUtf8) {
  return (text, dest) => {
    const bytes = encodeUtf8(text);
    dest.set(bytes);
    return { written: bytes.byteLength };
  };
}

// node_modules/@bufbuild/protobuf/dist/esm/wire/binary-encoding.js
var WireType;
(function(WireType2) {
  WireType2[WireType2["Varint"] = 0] = "Varint";
  WireType2[WireType2["Bit64"] = 1] = "Bit64";
  WireType2[WireType2["LengthDelimited"] = 2] = "LengthDelimited";
  WireType2[WireType2["StartGroup"] = 3] = "StartGroup";
  WireType2[WireType2["EndGroup"] = 4] = "EndGroup";
  WireType2[WireType2["Bit32"] = 5] = "Bit32";
})(WireType || (WireType = {}));
var UINT32_MAX = 4294967295;
var INT32_MAX = 2147483647;
var INT32_MIN = -2147483648;
var BinaryWriter = class {
  constructor(encodeUtf8) {
    this.stackPos = [];
    this.encodeUtf8Into = encodeUtf8 ? emulateEncodeInto(encodeUtf8) : getTextEncoding().encodeUtf8Into;
    this.buffer = EMPTY_BUFFER;
    this.viewCache = EMPTY_VIEW;
    this.pos = 0;
  }
  ensureCapacity(size) {
    const required = this.pos + size;
    if (required > this.buffer.length) {
      let newLen = this.buffer.length || INITIAL_SIZE;
      while (newLen < required)
        newLen *= 2;
      const newBuf = new Uint8Array(newLen);
      if (this.pos > 0)
        newBuf.set(this.buffer);
      this.buffer = newBuf;
    }
  }
  /**
   * The DataView over `buffer`, rebuilt only if the buffer has grown since it
   * was last used.
   */
  view() {
    const bytes = this.buffer;
    const view = this.viewCache;
    if (view.byteLength === bytes.byteLength)
      return view;
    const newView = new DataView(bytes.buffer);
    this.viewCache = newView;
    return newView;
  }
  /**
   * Return all bytes written and reset this writer.
   */
  finish() {
    const result = this.buffer.slice(0, this.pos);
    this.pos = 0;
    this.stackPos = [];
    return result;
  }
  /**
   * Start a new fork for length-delimited data like a message
   * or a packed repeated field.
   *
   * Must be joined later with `join()`.
   */
  fork() {
    this.stackPos.push(this.pos);
    this.ensureCapacity(DEFAULT_LEN_PREFIX_SIZE);
    this.buffer[this.pos++] = 0;
    return this;
  }
  /**
   * Join the last fork. Write its length and bytes, then
   * return to the previous state.
   */
  join() {
    const forkPos = this.stackPos.pop();
    if (forkPos === void 0)
      throw new Error("invalid state, fork stack empty");
    const len = this.pos - forkPos - DEFAULT_LEN_PREFIX_SIZE;
    const lenPrefixSize = varint32Size(len);
    if (lenPrefixSize > DEFAULT_LEN_PREFIX_SIZE) {
      this.ensureCapacity(lenPrefixSize - DEFAULT_LEN_PREFIX_SIZE);
      this.buffer.copyWithin(forkPos + lenPrefixSize, forkPos + DEFAULT_LEN_PREFIX_SIZE, this.pos);
    }
    this.pos = forkPos;
    this.uint32(len);
    this.pos += len;
    return this;
  }
  /**
   * Writes a tag (field number and wire type).
   *
   * Equivalent to `uint32( (fieldNo << 3 | type) >>> 0 )`.
   *
   * Generated code should compute the tag ahead of time and call `uint32()`.
   */
  tag(fieldNo, type) {
    return this.uint32((fieldNo << 3 | type) >>> 0);
  }
  /**
   * Write a chunk of raw bytes.
   */
  raw(chunk) {
    this.ensureCapacity(chunk.length);
    this.buffer.set(chunk, this.pos);
    this.pos += chunk.length;
    return this;
  }
  /**
   * Write a `uint32` value, an unsigned 32 bit varint.
   */
  uint32(value) {
    assertUInt32(value);
    this.ensureCapacity(5);
    if (value < 128) {
      this.buffer[this.pos++] = value;
      return this;
    }
    while (value > 127) {
      this.buffer[this.pos++] = value & 127 | 128;
      value >>>= 7;
    }
    this.buffer[this.pos++] = value;
    return this;
  }
  /**
   * Write a `int32` value, a signed 32 bit varint.
   */
  int32(value) {
    assertInt32(value);
    if (value >= 0) {
      return this.uint32(value);
    }
    this.ensureCapacity(10);
    for (let i = 0; i < 9; i++) {
      this.buffer[this.pos++] = value & 127 | 128;
      value >>= 7;
    }
    this.buffer[this.pos++] = 1;
    return this;
  }
  /**
   * Write a `bool` value, a varint.
   */
  bool(value) {
    this.ensureCapacity(1);
    this.buffer[this.pos++] = value ? 1 : 0;
    return this;
  }
  /**
   * Write a `bytes` value, length-delimited arbitrary data.
   */
  bytes(value) {
    this.uint32(value.byteLength);
    return this.raw(value);
  }
  /**
   * Write a `string` value, length-delimited data converted to UTF-8 text.
   */
  string(value) {
    if (typeof value !== "string") {
      value = String(value);
    }
    const len = value.length;
    if (len <= ASCII_MAX_LENGTH) {
      this.ensureCapacity(len + 1);
      const ascii = this.buffer;
      let pos = this.pos;
      ascii[pos++] = len;
      let i = 0;
      for (; i < len; i++) {
        const code = value.charCodeAt(i);
        if (code > 127)
          break;
        ascii[pos++] = code;
      }
      if (i == len) {
        this.pos = pos;
        return this;
      }
    }
    this.ensureCapacity(len * 3 + 5);
    const lenPrefixSizeGuess = varint32Size(len);
    const buf = this.buffer;
    const start = this.pos;
    const { written } = this.encodeUtf8Into(value, buf.subarray(start + lenPrefixSizeGuess));
    const lenPrefixSize = varint32Size(written);
    if (lenPrefixSize != lenPrefixSizeGuess) {
      buf.copyWithin(start + lenPrefixSize, start + lenPrefixSizeGuess, start + lenPrefixSizeGuess + written);
    }
    this.uint32(written);
    this.pos += written;
    return this;
  }
  /**
   * Write a `float` value, 32-bit floating point number.
   */
  float(value) {
    assertFloat32(value);
    this.ensureCapacity(4);
    this.view().setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }
  /**
   * Write a `double` value, a 64-bit floating point number.
   */
  double(value) {
    this.ensureCapacity(8);
    this.view().setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }
  /**
   * Write a `fixed32` value, an unsigned, fixed-length 32-bit integer.
   */
  fixed32(value) {
    assertUInt32(value);
    this.ensureCapacity(4);
    this.view().setUint32(this.pos, value, true);
    this.pos += 4;
    return this;
  }
  /**
   * Write a `sfixed32` value, a signed, fixed-length 32-bit integer.
   */
  sfixed32(value) {
    assertInt32(value);
    this.ensureCapacity(4);
    this.view().setInt32(this.pos, value, true);
    this.pos += 4;
    return this;
  }
  /**
   * Write a `sint32` value, a signed, zigzag-encoded 32-bit varint.
   */
  sint32(value) {
    assertInt32(value);
    return this.uint32((value << 1 ^ value >> 31) >>> 0);
  }
  /**
   * Write a `sfixed64` value, a signed, fixed-length 64-bit integer.
   */
  sfixed64(value) {
    const tc = protoInt64.enc(value);
    this.ensureCapacity(8);
    const view = this.view();
    view.setInt32(this.pos, tc.lo, true);
    view.setInt32(this.pos + 4, tc.hi, true);
    this.pos += 8;
    return this;
  }
  /**
   * Write a `fixed64` value, an unsigned, fixed-length 64 bit integer.
   */
  fixed64(value) {
    const tc = protoInt64.uEnc(value);
    this.ensureCapacity(8);
    const view = this.view();
    view.setInt32(this.pos, tc.lo, true);
    view.setInt32(this.pos + 4, tc.hi, true);
    this.pos += 8;
    return this;
  }
  /**
   * Write a `int64` value, a signed 64-bit varint.
   */
  int64(value) {
    const tc = protoInt64.enc(value);
    return this.writeVarint64(tc.lo, tc.hi);
  }
  /**
   * Write a `sint64` value, a signed, zig-zag-encoded 64-bit varint.
   */
  sint64(value) {
    const tc = protoInt64.enc(value), sign = tc.hi >> 31, lo = tc.lo << 1 ^ sign, hi = (tc.hi << 1 | tc.lo >>> 31) ^ sign;
    return this.writeVarint64(lo, hi);
  }
  /**
   * Write a `uint64` value, an unsigned 64-bit varint.
   */
  uint64(value) {
    const tc = protoInt64.uEnc(value);
    return this.writeVarint64(tc.lo, tc.hi);
  }
  /**
   * Write a 64-bit varint directly into the buffer. Accepts the value as
   * split low/high 32-bit words.
   *
   * Ported from varint64write() to avoid the intermediate number[] buffer.
   * See https://github.com/protocolbuffers/protobuf/blob/8a71927d74a4ce34efe2d8769fda198f52d20d12/js/experimental/runtime/kernel/writer.js#L344
   */
  writeVarint64(lo, hi) {
    this.ensureCapacity(10);
    const buf = this.buffer;
    let pos = this.pos;
    for (let i = 0; i < 28; i = i + 7) {
      const shift = lo >>> i;
      const hasNext = !(shift >>> 7 == 0 && hi == 0);
      buf[pos++] = (hasNext ? shift | 128 : shift) & 255;
      if (!hasNext) {
        this.pos = pos;
        return this;
      }
    }
    const splitBits = lo >>> 28 & 15 | (hi & 7) << 4;
    const hasMoreBits = !(hi >> 3 == 0);
    buf[pos++] = (hasMoreBits ? splitBits | 128 : splitBits) & 255;
    if (!hasMoreBits) {
      this.pos = pos;
      return this;
    }
    for (let i = 3; i < 31; i = i + 7) {
      const shift = hi >>> i;
      const hasNext = !(shift >>> 7 == 0);
      buf[pos++] = (hasNext ? shift | 128 : shift) & 255;
      if (!hasNext) {
        this.pos = pos;
        return this;
      }
    }
    buf[pos++] = hi >>> 31 & 1;
    this.pos = pos;
    return this;
  }
};
var INITIAL_SIZE = 128;
var DEFAULT_LEN_PREFIX_SIZE = 1;
var EMPTY_BUFFER = new Uint8Array(0);
var EMPTY_VIEW = new DataView(EMPTY_BUFFER.buffer);
var ASCII_MAX_LENGTH = 32;
function varint32Size(value) {
  if (value < 128)
    return 1;
  if (value < 16384)
    return 2;
  if (value < 2097152)
    return 3;
  if (value < 268435456)
    return 4;
  return 5;
}
var BinaryReader = class {
  constructor(buf, decodeUtf8 = getTextEncoding().decodeUtf8) {
    this.decodeUtf8 = decodeUtf8;
    this.varint64Lo = 0;
    this.varint64Hi = 0;
    this.varint64 = varint64read;
    this.uint32 = varint32read;
    this.buf = buf;
    this.len = buf.length;
    this.pos = 0;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  /**
   * Reads a tag - field number and wire type. Tags are uint32 varints; values
   * that do not fit in uint32 are rejected.
   */
  tag() {
    const start = this.pos;
    const tag = this.uint32();
    const bytesRead = this.pos - start;
    if (bytesRead > 5 || bytesRead == 5 && this.buf[this.pos - 1] > 15) {
      throw new Error("illegal tag: varint overflows uint32");
    }
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo <= 0 || wireType > 5) {
      throw new Error("illegal tag: field no " + fieldNo + " wire type " + wireType);
    }
    return [fieldNo, wireType];
  }
  /**
   * Skip one element and return the skipped data.
   *
   * When skipping StartGroup, provide the tags field number to check for
   * matching field number in the EndGroup tag. Recursion into nested groups
   * is guarded by the `recursionLimit` argument: When the limit is reached,
   * this method throws.
   */
  skip(wireType, fieldNo, recursionLimit = 100) {
    let start = this.pos;
    switch (wireType) {
      case WireType.Varint:
        while (this.buf[this.pos++] & 128) {
        }
        break;
      // @ts-ignore TS7029: Fallthrough case in switch -- ignore instead of expect-error for compiler settings without noFallthroughCasesInSwitch: true
      case WireType.Bit64:
        this.pos += 4;
      case WireType.Bit32:
        this.pos += 4;
        break;
      case WireType.LengthDelimited:
        let len = this.uint32();
        this.pos += len;
        break;
      case WireType.StartGroup:
        if (recursionLimit <= 0) {
          throw new Error("maximum recursion depth reached");
        }
        for (; ; ) {
          const [fn, wt] = this.tag();
          if (wt === WireType.EndGroup) {
            if (fieldNo !== void 0 && fn !== fieldNo) {
              throw new Error("invalid end group tag");
            }
            break;
          }
          this.skip(wt, fn, recursionLimit - 1);
        }
        break;
      default:
        throw new Error("cant skip wire type " + wireType);
    }
    this.assertBounds();
    return this.buf.subarray(start, this.pos);
  }
  /**
   * Throws error if position in byte array is out of range.
   */
  assertBounds() {
    if (this.pos > this.len)
      throw new RangeError("premature EOF");
  }
  /**
   * Read a `int32` field, a signed 32 bit varint.
   */
  int32() {
    return this.uint32() | 0;
  }
  /**
   * Read a `sint32` field, a signed, zigzag-encoded 32-bit varint.
   */
  sint32() {
    let zze = this.uint32();
    return zze >>> 1 ^ -(zze & 1);
  }
  /**
   * Read a `int64` field, a signed 64-bit varint.
   */
  int64() {
    this.varint64();
    return protoInt64.dec(this.varint64Lo, this.varint64Hi);
  }
  /**
   * Read a `uint64` field, an unsigned 64-bit varint.
   */
  uint64() {
    this.varint64();
    return protoInt64.uDec(this.varint64Lo, this.varint64Hi);
  }
  /**
   * Read a `sint64` field, a signed, zig-zag-encoded 64-bit varint.
   */
  sint64() {
    this.varint64();
    let lo = this.varint64Lo;
    let hi = this.varint64Hi;
    let s = -(lo & 1);
    lo = (lo >>> 1 | (hi & 1) << 31) ^ s;
    hi = hi >>> 1 ^ s;
    return protoInt64.dec(lo, hi);
  }
  /**
   * Read a `bool` field, a variant.
   */
  bool() {
    const b = this.buf[this.pos];
    if (b < 128) {
      this.pos++;
      return b !== 0;
    }
    this.varint64();
    return this.varint64Lo !== 0 || this.varint64Hi !== 0;
  }
  /**
   * Read a `fixed32` field, an unsigned, fixed-length 32-bit integer.
   */
  fixed32() {
    return this.view.getUint32((this.pos += 4) - 4, true);
  }
  /**
   * Read a `sfixed32` field, a signed, fixed-length 32-bit integer.
   */
  sfixed32() {
    return this.view.getInt32((this.pos += 4) - 4, true);
  }
  /**
   * Read a `fixed64` field, an unsigned, fixed-length 64 bit integer.
   */
  fixed64() {
    return protoInt64.uDec(this.sfixed32(), this.sfixed32());
  }
  /**
   * Read a `fixed64` field, a signed, fixed-length 64-bit integer.
   */
  sfixed64() {
    return protoInt64.dec(this.sfixed32(), this.sfixed32());
  }
  /**
   * Read a `float` field, 32-bit floating point number.
   */
  float() {
    return this.view.getFloat32((this.pos += 4) - 4, true);
  }
  /**
   * Read a `double` field, a 64-bit floating point number.
   */
  double() {
    return this.view.getFloat64((this.pos += 8) - 8, true);
  }
  /**
   * Read a `bytes` field, length-delimited arbitrary data.
   */
  bytes() {
    let len = this.uint32(), start = this.pos;
    this.pos += len;
    this.assertBounds();
    return this.buf.subarray(start, start + len);
  }
  /**
   * Read a `string` field, length-delimited data converted to UTF-8 text. If
   * `strict` is true, throw on invalid UTF-8 instead of substituting U+FFFD.
   */
  string(strict) {
    const len = this.uint32();
    const start = this.pos;
    this.pos += len;
    this.assertBounds();
    const buf = this.buf;
    if (len <= ASCII_MAX_LENGTH) {
      const codes = new Array(len);
      for (let i = 0; i < len; i++) {
        const byte = buf[start + i];
        if (byte > 127) {
          return this.decodeUtf8(buf.subarray(start, this.pos), strict);
        }
        codes[i] = byte;
      }
      return String.fromCharCode.apply(String, codes);
    }
    return this.decodeUtf8(buf.subarray(start, this.pos), strict);
  }
};
function assertInt32(arg) {
  if (typeof arg == "string") {
    arg = Number(arg);
  } else if (typeof arg != "number") {
    throw new Error("invalid int32: " + typeof arg);
  }
  if (!Number.isInteger(arg) || arg > INT32_MAX || arg < INT32_MIN)
    throw new Error("invalid int32: " + arg);
}
function assertUInt32(arg) {
  if (typeof arg == "string") {
    arg = Number(arg);
  } else if (typeof arg != "number") {
    throw new Error("invalid uint32: " + typeof arg);
  }
  if (!Number.isInteger(arg) || arg > UINT32_MAX || arg < 0)
    throw new Error("invalid uint32: " + arg);
}
function assertFloat32(arg) {
  if (typeof arg == "string") {
    const o = arg;
    arg = Number(arg);
    if (Number.isNaN(arg) && o !== "NaN") {
      throw new Error("invalid float32: " + o);
    }
  } else if (typeof arg != "number") {
    throw new Error("invalid float32: " + typeof arg);
  }
  if (!Number.isFinite(Math.fround(arg)) && Number.isFinite(arg)) {
    throw new Error("invalid float32: " + arg);
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/message.js
var NULL_VALUE = 0;
function localMessageMapper(field) {
  if (usesJsonRepresentation(field)) {
    return {
      toMessage: (local) => wktStructToReflect(local),
      toLocal: (message) => wktStructToLocal(message)
    };
  }
  if (field.fieldKind == "message" && !field.oneof && isWrapperDesc(field.message)) {
    const wrapperDesc = field.message;
    const valueLocalName = wrapperDesc.fields[0].localName;
    return {
      toMessage: (local) => {
        const message = create(wrapperDesc);
        if (local !== void 0) {
          message[valueLocalName] = local;
        }
        return message;
      },
      toLocal: (message) => message[valueLocalName]
    };
  }
  const childDesc = field.message;
  return {
    toMessage: (local) => local === void 0 ? create(childDesc) : local,
    toLocal: (message) => message
  };
}
function usesJsonRepresentation(field) {
  return field.message.typeName == "google.protobuf.Struct" && field.parent.typeName != "google.protobuf.Value";
}
function wktStructToReflect(json) {
  const struct = {
    $typeName: "google.protobuf.Struct",
    fields: {}
  };
  if (isObject(json)) {
    for (const k of Object.keys(json)) {
      setOwn(struct.fields, k, wktValueToReflect(json[k]));
    }
  }
  return struct;
}
function wktStructToLocal(val) {
  const json = {};
  for (const k of Object.keys(val.fields)) {
    setOwn(json, k, wktValueToLocal(val.fields[k]));
  }
  return json;
}
function wktValueToLocal(val) {
  switch (val.kind.case) {
    case "structValue":
      return wktStructToLocal(val.kind.value);
    case "listValue":
      return val.kind.value.values.map(wktValueToLocal);
    case "nullValue":
    case void 0:
      return null;
    default:
      return val.kind.value;
  }
}
function wktValueToReflect(json) {
  const value = {
    $typeName: "google.protobuf.Value",
    kind: { case: void 0 }
  };
  switch (typeof json) {
    case "number":
      value.kind = { case: "numberValue", value: json };
      break;
    case "string":
      value.kind = { case: "stringValue", value: json };
      break;
    case "boolean":
      value.kind = { case: "boolValue", value: json };
      break;
    case "object":
      if (json === null) {
        value.kind = { case: "nullValue", value: NULL_VALUE };
      } else if (Array.isArray(json)) {
        const listValue = {
          $typeName: "google.protobuf.ListValue",
          values: []
        };
        if (Array.isArray(json)) {
          for (const e of json) {
            listValue.values.push(wktValueToReflect(e));
          }
        }
        value.kind = {
          case: "listValue",
          value: listValue
        };
      } else {
        value.kind = {
          case: "structValue",
          value: wktStructToReflect(json)
        };
      }
      break;
  }
  return value;
}

// node_modules/@bufbuild/protobuf/dist/esm/wire/base64-encoding.js
var nativeSetFromBase64 = Uint8Array.prototype.setFromBase64;
function base64Decode(base64Str) {
  const len = base64Str.length;
  let size = len - (len + 3 >> 2);
  if ((len & 3) == 0 && base64Str[len - 1] == "=") {
    size -= base64Str[len - 2] == "=" ? 2 : 1;
  }
  const bytes = new Uint8Array(size);
  let written = -1;
  if (nativeSetFromBase64) {
    try {
      const result = nativeSetFromBase64.call(bytes, base64Str);
      if (result.read == len) {
        written = result.written;
      }
    } catch (_a) {
    }
  }
  if (written < 0) {
    written = setFromBase64(bytes, base64Str);
  }
  return written == size ? bytes : bytes.subarray(0, written);
}
function setFromBase64(bytes, base64Str) {
  const table = getDecodeTable();
  let bytePos = 0, groupPos = 0, b, p = 0;
  for (let i = 0; i < base64Str.length; i++) {
    b = table[base64Str.charCodeAt(i)];
    if (b === void 0) {
      switch (base64Str[i]) {
        // @ts-ignore TS7029: Fallthrough case in switch -- ignore instead of expect-error for compiler settings without noFallthroughCasesInSwitch: true
        case "=":
          groupPos = 0;
        // reset state when padding found
        case "\n":
        case "\r":
        case "	":
        case " ":
          continue;
        // skip white-space, and padding
        default:
          throw Error("invalid base64 string");
      }
    }
    switch (groupPos) {
      case 0:
        p = b;
        groupPos = 1;
        break;
      case 1:
        bytes[bytePos++] = p << 2 | (b & 48) >> 4;
        p = b;
        groupPos = 2;
        break;
      case 2:
        bytes[bytePos++] = (p & 15) << 4 | (b & 60) >> 2;
        p = b;
        groupPos = 3;
        break;
      case 3:
        bytes[bytePos++] = (p & 3) << 6 | b;
        groupPos = 0;
        break;
    }
  }
  if (groupPos == 1)
    throw Error("invalid base64 string");
  return bytePos;
}
var nativeToBase64 = Uint8Array.prototype.toBase64;
var encodeTableStd;
var encodeTableUrl;
var decodeTable;
function getEncodeTable(encoding) {
  if (!encodeTableStd) {
    encodeTableStd = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("");
    encodeTableUrl = encodeTableStd.slice(0, -2).concat("-", "_");
  }
  return encoding == "url" ? (
    // biome-ignore lint/style/noNonNullAssertion: TS fails to narrow down
    encodeTableUrl
  ) : encodeTableStd;
}
function getDecodeTable() {
  if (!decodeTable) {
    decodeTable = [];
    const encodeTable = getEncodeTable("std");
    for (let i = 0; i < encodeTable.length; i++)
      decodeTable[encodeTable[i].charCodeAt(0)] = i;
    decodeTable["-".charCodeAt(0)] = encodeTable.indexOf("+");
    decodeTable["_".charCodeAt(0)] = encodeTable.indexOf("/");
  }
  return decodeTable;
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/names.js
function protoCamelCase(snakeCase) {
  let capNext = false;
  const b = [];
  for (let i = 0; i < snakeCase.length; i++) {
    let c = snakeCase.charAt(i);
    switch (c) {
      case "_":
        capNext = true;
        break;
      case "0":
      case "1":
      case "2":
      case "3":
      case "4":
      case "5":
      case "6":
      case "7":
      case "8":
      case "9":
        b.push(c);
        capNext = false;
        break;
      default:
        if (capNext) {
          capNext = false;
          c = c.toUpperCase();
        }
        b.push(c);
        break;
    }
  }
  return b.join("");
}
var reservedObjectProperties = /* @__PURE__ */ new Set([
  // names reserved by JavaScript
  "constructor",
  "toString",
  "toJSON",
  "valueOf"
]);
function safeObjectProperty(name) {
  return reservedObjectProperties.has(name) ? name + "$" : name;
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/restore-json-names.js
function restoreJsonNames(message) {
  for (const f of message.field) {
    if (!unsafeIsSetExplicit(f, "jsonName")) {
      f.jsonName = protoCamelCase(f.name);
    }
  }
  message.nestedType.forEach(restoreJsonNames);
}

// node_modules/@bufbuild/protobuf/dist/esm/wire/text-format.js
function parseTextFormatEnumValue(descEnum, value) {
  const enumValue = descEnum.values.find((v) => v.name === value);
  if (!enumValue) {
    throw new Error(`cannot parse ${descEnum} default value: ${value}`);
  }
  return enumValue.number;
}
function parseTextFormatScalarValue(type, value) {
  switch (type) {
    case ScalarType.STRING:
      return value;
    case ScalarType.BYTES: {
      const u = unescapeBytesDefaultValue(value);
      if (u === false) {
        throw new Error(`cannot parse ${ScalarType[type]} default value: ${value}`);
      }
      return u;
    }
    case ScalarType.INT64:
    case ScalarType.SFIXED64:
    case ScalarType.SINT64:
      return protoInt64.parse(value);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return protoInt64.uParse(value);
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      switch (value) {
        case "inf":
          return Number.POSITIVE_INFINITY;
        case "-inf":
          return Number.NEGATIVE_INFINITY;
        case "nan":
          return Number.NaN;
        default:
          return parseFloat(value);
      }
    case ScalarType.BOOL:
      return value === "true";
    case ScalarType.INT32:
    case ScalarType.UINT32:
    case ScalarType.SINT32:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return parseInt(value, 10);
  }
}
function unescapeBytesDefaultValue(str) {
  const b = [];
  const input = {
    tail: str,
    c: "",
    next() {
      if (this.tail.length == 0) {
        return false;
      }
      this.c = this.tail[0];
      this.tail = this.tail.substring(1);
      return true;
    },
    take(n) {
      if (this.tail.length >= n) {
        const r = this.tail.substring(0, n);
        this.tail = this.tail.substring(n);
        return r;
      }
      return false;
    }
  };
  while (input.next()) {
    switch (input.c) {
      case "\\":
        if (input.next()) {
          switch (input.c) {
            case "\\":
              b.push(input.c.charCodeAt(0));
              break;
            case "b":
              b.push(8);
              break;
            case "f":
              b.push(12);
              break;
            case "n":
              b.push(10);
              break;
            case "r":
              b.push(13);
              break;
            case "t":
              b.push(9);
              break;
            case "v":
              b.push(11);
              break;
            case "0":
            case "1":
            case "2":
            case "3":
            case "4":
            case "5":
            case "6":
            case "7": {
              const s = input.c;
              const t = input.take(2);
              if (t === false) {
                return false;
              }
              const n = parseInt(s + t, 8);
              if (Number.isNaN(n)) {
                return false;
              }
              b.push(n);
              break;
            }
            case "x": {
              const s = input.c;
              const t = input.take(2);
              if (t === false) {
                return false;
              }
              const n = parseInt(s + t, 16);
              if (Number.isNaN(n)) {
                return false;
              }
              b.push(n);
              break;
            }
            case "u": {
              const s = input.c;
              const t = input.take(4);
              if (t === false) {
                return false;
              }
              const n = parseInt(s + t, 16);
              if (Number.isNaN(n)) {
                return false;
              }
              const chunk = new Uint8Array(4);
              const view = new DataView(chunk.buffer);
              view.setInt32(0, n, true);
              b.push(chunk[0], chunk[1], chunk[2], chunk[3]);
              break;
            }
            case "U": {
              const s = input.c;
              const t = input.take(8);
              if (t === false) {
                return false;
              }
              const tc = protoInt64.uEnc(s + t);
              const chunk = new Uint8Array(8);
              const view = new DataView(chunk.buffer);
              view.setInt32(0, tc.lo, true);
              view.setInt32(4, tc.hi, true);
              b.push(chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]);
              break;
            }
          }
        }
        break;
      default:
        b.push(input.c.charCodeAt(0));
    }
  }
  return new Uint8Array(b);
}

// node_modules/@bufbuild/protobuf/dist/esm/reflect/nested-types.js
function* nestedTypes(desc) {
  switch (desc.kind) {
    case "file":
      for (const message of desc.messages) {
        yield message;
        yield* nestedTypes(message);
      }
      yield* desc.enums;
      yield* desc.services;
      yield* desc.extensions;
      break;
    case "message":
      for (const message of desc.nestedMessages) {
        yield message;
        yield* nestedTypes(message);
      }
      yield* desc.nestedEnums;
      yield* desc.nestedExtensions;
      break;
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/registry.js
function createEmbeddedFileRegistry(fileDescriptorProto, resolve) {
  return buildFileRegistry([fileDescriptorProto, resolve]);
}
function buildFileRegistry(args, check) {
  const registry = createBaseRegistry();
  if (!args.length) {
    return registry;
  }
  if ("$typeName" in args[0] && args[0].$typeName == "google.protobuf.FileDescriptorSet") {
    for (const file of args[0].file) {
      check === null || check === void 0 ? void 0 : check(file);
      addFile(file, registry);
    }
    return registry;
  }
  if ("$typeName" in args[0]) {
    let recurseDeps = function(file) {
      const deps = [];
      for (const protoFileName of file.dependency) {
        if (registry.getFile(protoFileName) != void 0) {
          continue;
        }
        if (seen.has(protoFileName)) {
          continue;
        }
        const dep = resolve(protoFileName);
        if (!dep) {
          throw new Error(`Unable to resolve ${protoFileName}, imported by ${file.name}`);
        }
        if ("kind" in dep) {
          registry.addFile(dep, false, true);
        } else {
          seen.add(dep.name);
          deps.push(dep);
        }
      }
      return deps.concat(...deps.map(recurseDeps));
    };
    const input = args[0];
    const resolve = args[1];
    const seen = /* @__PURE__ */ new Set();
    for (const file of [input, ...recurseDeps(input)].reverse()) {
      check === null || check === void 0 ? void 0 : check(file);
      addFile(file, registry);
    }
  } else {
    for (const fileReg of args) {
      for (const file of fileReg.files) {
        registry.addFile(file);
      }
    }
  }
  return registry;
}
function createBaseRegistry() {
  const types = /* @__PURE__ */ new Map();
  const extendees = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  return {
    kind: "registry",
    types,
    extendees,
    [Symbol.iterator]() {
      return types.values();
    },
    get files() {
      return files.values();
    },
    addFile(file, skipTypes, withDeps) {
      files.set(file.proto.name, file);
      if (!skipTypes) {
        for (const type of nestedTypes(file)) {
          this.add(type);
        }
      }
      if (withDeps) {
        for (const f of file.dependencies) {
          this.addFile(f, skipTypes, withDeps);
        }
      }
    },
    add(desc) {
      if (desc.kind == "extension") {
        let numberToExt = extendees.get(desc.extendee.typeName);
        if (!numberToExt) {
          extendees.set(
            desc.extendee.typeName,
            // biome-ignore lint/suspicious/noAssignInExpressions: no
            numberToExt = /* @__PURE__ */ new Map()
          );
        }
        numberToExt.set(desc.number, desc);
      }
      types.set(desc.typeName, desc);
    },
    get(typeName) {
      return types.get(typeName);
    },
    getFile(fileName) {
      return files.get(fileName);
    },
    getMessage(typeName) {
      const t = types.get(typeName);
      return (t === null || t === void 0 ? void 0 : t.kind) == "message" ? t : void 0;
    },
    getEnum(typeName) {
      const t = types.get(typeName);
      return (t === null || t === void 0 ? void 0 : t.kind) == "enum" ? t : void 0;
    },
    getExtension(typeName) {
      const t = types.get(typeName);
      return (t === null || t === void 0 ? void 0 : t.kind) == "extension" ? t : void 0;
    },
    getExtensionFor(extendee, no) {
      var _a;
      return (_a = extendees.get(extendee.typeName)) === null || _a === void 0 ? void 0 : _a.get(no);
    },
    getService(typeName) {
      const t = types.get(typeName);
      return (t === null || t === void 0 ? void 0 : t.kind) == "service" ? t : void 0;
    }
  };
}
var EDITION_PROTO22 = 998;
var EDITION_PROTO32 = 999;
var EDITION_UNSTABLE = 9999;
var TYPE_STRING = 9;
var TYPE_GROUP = 10;
var TYPE_MESSAGE = 11;
var TYPE_BYTES = 12;
var TYPE_ENUM = 14;
var LABEL_REPEATED = 3;
var LABEL_REQUIRED = 2;
var JS_STRING = 1;
var IDEMPOTENCY_UNKNOWN = 0;
var EXPLICIT = 1;
var IMPLICIT2 = 2;
var LEGACY_REQUIRED = 3;
var PACKED = 1;
var DELIMITED = 2;
var OPEN = 1;
var VERIFY = 2;
var maximumEdition = 1002;
var featureDefaults = {
  // EDITION_PROTO2
  998: {
    fieldPresence: 1,
    // EXPLICIT,
    enumType: 2,
    // CLOSED,
    repeatedFieldEncoding: 2,
    // EXPANDED,
    utf8Validation: 3,
    // NONE,
    messageEncoding: 1,
    // LENGTH_PREFIXED,
    jsonFormat: 2,
    // LEGACY_BEST_EFFORT,
    enforceNamingStyle: 2,
    // STYLE_LEGACY,
    defaultSymbolVisibility: 1,
    // EXPORT_ALL,
    enforceProtoLimits: 1
    // LEGACY_NO_EXPLICIT_LIMITS,
  },
  // EDITION_PROTO3
  999: {
    fieldPresence: 2,
    // IMPLICIT,
    enumType: 1,
    // OPEN,
    repeatedFieldEncoding: 1,
    // PACKED,
    utf8Validation: 2,
    // VERIFY,
    messageEncoding: 1,
    // LENGTH_PREFIXED,
    jsonFormat: 1,
    // ALLOW,
    enforceNamingStyle: 2,
    // STYLE_LEGACY,
    defaultSymbolVisibility: 1,
    // EXPORT_ALL,
    enforceProtoLimits: 1
    // LEGACY_NO_EXPLICIT_LIMITS,
  },
  // EDITION_2023
  1e3: {
    fieldPresence: 1,
    // EXPLICIT,
    enumType: 1,
    // OPEN,
    repeatedFieldEncoding: 1,
    // PACKED,
    utf8Validation: 2,
    // VERIFY,
    messageEncoding: 1,
    // LENGTH_PREFIXED,
    jsonFormat: 1,
    // ALLOW,
    enforceNamingStyle: 2,
    // STYLE_LEGACY,
    defaultSymbolVisibility: 1,
    // EXPORT_ALL,
    enforceProtoLimits: 1
    // LEGACY_NO_EXPLICIT_LIMITS,
  },
  // EDITION_2024
  1001: {
    fieldPresence: 1,
    // EXPLICIT,
    enumType: 1,
    // OPEN,
    repeatedFieldEncoding: 1,
    // PACKED,
    utf8Validation: 2,
    // VERIFY,
    messageEncoding: 1,
    // LENGTH_PREFIXED,
    jsonFormat: 1,
    // ALLOW,
    enforceNamingStyle: 1,
    // STYLE2024,
    defaultSymbolVisibility: 2,
    // EXPORT_TOP_LEVEL,
    enforceProtoLimits: 1
    // LEGACY_NO_EXPLICIT_LIMITS,
  },
  // EDITION_2026
  1002: {
    fieldPresence: 1,
    // EXPLICIT,
    enumType: 1,
    // OPEN,
    repeatedFieldEncoding: 1,
    // PACKED,
    utf8Validation: 2,
    // VERIFY,
    messageEncoding: 1,
    // LENGTH_PREFIXED,
    jsonFormat: 1,
    // ALLOW,
    enforceNamingStyle: 3,
    // STYLE2026,
    defaultSymbolVisibility: 4,
    // STRICT,
    enforceProtoLimits: 2
    // PROTO_LIMITS2026,
  }
};
function addFile(proto, reg) {
  var _a, _b;
  const file = {
    kind: "file",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    edition: getFileEdition(proto),
    name: proto.name.replace(/\.proto$/, ""),
    dependencies: findFileDependencies(proto, reg),
    enums: [],
    messages: [],
    extensions: [],
    services: [],
    toString() {
      return `file ${proto.name}`;
    }
  };
  const mapEntriesStore = /* @__PURE__ */ new Map();
  const mapEntries = {
    get(typeName) {
      return mapEntriesStore.get(typeName);
    },
    add(desc) {
      var _a2;
      assert(((_a2 = desc.proto.options) === null || _a2 === void 0 ? void 0 : _a2.mapEntry) === true);
      mapEntriesStore.set(desc.typeName, desc);
    }
  };
  for (const enumProto of proto.enumType) {
    addEnum(enumProto, file, void 0, reg);
  }
  for (const messageProto of proto.messageType) {
    addMessage(messageProto, file, void 0, reg, mapEntries);
  }
  for (const serviceProto of proto.service) {
    addService(serviceProto, file, reg);
  }
  addExtensions(file, reg);
  for (const mapEntry of mapEntriesStore.values()) {
    addFields(mapEntry, reg, mapEntries);
  }
  for (const message of file.messages) {
    addFields(message, reg, mapEntries);
    addExtensions(message, reg);
  }
  reg.addFile(file, true);
}
function addExtensions(desc, reg) {
  switch (desc.kind) {
    case "file":
      for (const proto of desc.proto.extension) {
        const ext = newField(proto, desc, reg);
        desc.extensions.push(ext);
        reg.add(ext);
      }
      break;
    case "message":
      for (const proto of desc.proto.extension) {
        const ext = newField(proto, desc, reg);
        desc.nestedExtensions.push(ext);
        reg.add(ext);
      }
      for (const message of desc.nestedMessages) {
        addExtensions(message, reg);
      }
      break;
  }
}
function addFields(message, reg, mapEntries) {
  const allOneofs = message.proto.oneofDecl.map((proto) => newOneof(proto, message));
  const oneofsSeen = /* @__PURE__ */ new Set();
  for (const proto of message.proto.field) {
    const oneof = findOneof(proto, allOneofs);
    const field = newField(proto, message, reg, oneof, mapEntries);
    message.fields.push(field);
    message.field[field.localName] = field;
    if (oneof === void 0) {
      message.members.push(field);
    } else {
      oneof.fields.push(field);
      if (!oneofsSeen.has(oneof)) {
        oneofsSeen.add(oneof);
        message.members.push(oneof);
      }
    }
  }
  for (const oneof of allOneofs.filter((o) => oneofsSeen.has(o))) {
    message.oneofs.push(oneof);
  }
  for (const child of message.nestedMessages) {
    addFields(child, reg, mapEntries);
  }
}
function addEnum(proto, file, parent, reg) {
  var _a, _b, _c, _d, _e, _f, _g;
  var _h, _j;
  const sharedPrefix = findEnumSharedPrefix(proto.name, proto.value);
  const desc = {
    kind: "enum",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    file,
    parent,
    open: true,
    name: proto.name,
    typeName: makeTypeName(proto, parent, file),
    value: {},
    values: [],
    sharedPrefix,
    toString() {
      return `enum ${this.typeName}`;
    }
  };
  desc.open = isEnumOpen(desc);
  reg.add(desc);
  for (const p of proto.value) {
    const name = p.name;
    const value = {
      kind: "enum_value",
      proto: p,
      deprecated: (_d = (_c = p.options) === null || _c === void 0 ? void 0 : _c.deprecated) !== null && _d !== void 0 ? _d : false,
      parent: desc,
      name,
      localName: safeObjectProperty(sharedPrefix == void 0 ? name : name.substring(sharedPrefix.length)),
      number: p.number,
      jsonName: (_e = findEnumValueJsonName(p)) !== null && _e !== void 0 ? _e : name,
      toString() {
        return `enum value ${desc.typeName}.${name}`;
      }
    };
    desc.values.push(value);
    (_f = (_h = desc.value)[_j = p.number]) !== null && _f !== void 0 ? _f : _h[_j] = value;
  }
  ((_g = parent === null || parent === void 0 ? void 0 : parent.nestedEnums) !== null && _g !== void 0 ? _g : file.enums).push(desc);
}
function addMessage(proto, file, parent, reg, mapEntries) {
  var _a, _b, _c, _d;
  const desc = {
    kind: "message",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    file,
    parent,
    name: proto.name,
    typeName: makeTypeName(proto, parent, file),
    fields: [],
    field: {},
    oneofs: [],
    members: [],
    nestedEnums: [],
    nestedMessages: [],
    nestedExtensions: [],
    toString() {
      return `message ${this.typeName}`;
    }
  };
  if (((_c = proto.options) === null || _c === void 0 ? void 0 : _c.mapEntry) === true) {
    mapEntries.add(desc);
  } else {
    ((_d = parent === null || parent === void 0 ? void 0 : parent.nestedMessages) !== null && _d !== void 0 ? _d : file.messages).push(desc);
    reg.add(desc);
  }
  for (const enumProto of proto.enumType) {
    addEnum(enumProto, file, desc, reg);
  }
  for (const messageProto of proto.nestedType) {
    addMessage(messageProto, file, desc, reg, mapEntries);
  }
}
function addService(proto, file, reg) {
  var _a, _b;
  const desc = {
    kind: "service",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    file,
    name: proto.name,
    typeName: makeTypeName(proto, void 0, file),
    methods: [],
    method: {},
    toString() {
      return `service ${this.typeName}`;
    }
  };
  file.services.push(desc);
  reg.add(desc);
  for (const methodProto of proto.method) {
    const method = newMethod(methodProto, desc, reg);
    desc.methods.push(method);
    desc.method[method.localName] = method;
  }
}
function newMethod(proto, parent, reg) {
  var _a, _b, _c, _d;
  let methodKind;
  if (proto.clientStreaming && proto.serverStreaming) {
    methodKind = "bidi_streaming";
  } else if (proto.clientStreaming) {
    methodKind = "client_streaming";
  } else if (proto.serverStreaming) {
    methodKind = "server_streaming";
  } else {
    methodKind = "unary";
  }
  const input = reg.getMessage(trimLeadingDot(proto.inputType));
  const output = reg.getMessage(trimLeadingDot(proto.outputType));
  assert(input, `invalid MethodDescriptorProto: input_type ${proto.inputType} not found`);
  assert(output, `invalid MethodDescriptorProto: output_type ${proto.inputType} not found`);
  const name = proto.name;
  return {
    kind: "rpc",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    parent,
    name,
    localName: safeObjectProperty(name.length ? safeObjectProperty(name[0].toLowerCase() + name.substring(1)) : name),
    methodKind,
    input,
    output,
    idempotency: (_d = (_c = proto.options) === null || _c === void 0 ? void 0 : _c.idempotencyLevel) !== null && _d !== void 0 ? _d : IDEMPOTENCY_UNKNOWN,
    toString() {
      return `rpc ${parent.typeName}.${name}`;
    }
  };
}
function newOneof(proto, parent) {
  return {
    kind: "oneof",
    proto,
    deprecated: false,
    parent,
    fields: [],
    name: proto.name,
    localName: safeObjectProperty(protoCamelCase(proto.name)),
    toString() {
      return `oneof ${parent.typeName}.${this.name}`;
    }
  };
}
function newField(proto, parentOrFile, reg, oneof, mapEntries) {
  var _a, _b, _c;
  const isExtension = mapEntries === void 0;
  const field = {
    kind: "field",
    proto,
    deprecated: (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.deprecated) !== null && _b !== void 0 ? _b : false,
    name: proto.name,
    number: proto.number,
    scalar: void 0,
    message: void 0,
    enum: void 0,
    presence: getFieldPresence(proto, oneof, isExtension, parentOrFile),
    utf8Validation: isUtf8Validated(proto, parentOrFile),
    listKind: void 0,
    mapKind: void 0,
    mapKey: void 0,
    delimitedEncoding: void 0,
    packed: void 0,
    longAsString: false,
    getDefaultValue: void 0
  };
  let toStr;
  if (isExtension) {
    const file = parentOrFile.kind == "file" ? parentOrFile : parentOrFile.file;
    const parent = parentOrFile.kind == "file" ? void 0 : parentOrFile;
    const typeName = makeTypeName(proto, parent, file);
    field.kind = "extension";
    field.file = file;
    field.parent = parent;
    field.oneof = void 0;
    field.typeName = typeName;
    field.jsonName = `[${typeName}]`;
    toStr = () => `extension ${typeName}`;
    const extendee = reg.getMessage(trimLeadingDot(proto.extendee));
    assert(extendee, `invalid FieldDescriptorProto: extendee ${proto.extendee} not found`);
    field.extendee = extendee;
  } else {
    const parent = parentOrFile;
    assert(parent.kind == "message");
    field.parent = parent;
    field.oneof = oneof;
    field.localName = oneof ? protoCamelCase(proto.name) : safeObjectProperty(protoCamelCase(proto.name));
    field.jsonName = proto.jsonName;
    toStr = () => `field ${parent.typeName}.${proto.name}`;
  }
  Object.defineProperty(field, "toString", {
    value: toStr,
    writable: true,
    enumerable: true,
    configurable: true
  });
  const label = proto.label;
  const type = proto.type;
  const jstype = (_c = proto.options) === null || _c === void 0 ? void 0 : _c.jstype;
  if (label === LABEL_REPEATED) {
    const mapEntry = type == TYPE_MESSAGE ? mapEntries === null || mapEntries === void 0 ? void 0 : mapEntries.get(trimLeadingDot(proto.typeName)) : void 0;
    if (mapEntry) {
      field.fieldKind = "map";
      const { key, value } = findMapEntryFields(mapEntry);
      field.mapKey = key.scalar;
      field.mapKind = value.fieldKind;
      field.message = value.message;
      field.delimitedEncoding = false;
      field.enum = value.enum;
      field.scalar = value.scalar;
      return field;
    }
    field.fieldKind = "list";
    switch (type) {
      case TYPE_MESSAGE:
      case TYPE_GROUP:
        field.listKind = "message";
        field.message = reg.getMessage(trimLeadingDot(proto.typeName));
        assert(field.message);
        field.delimitedEncoding = isDelimitedEncoding(proto, parentOrFile);
        break;
      case TYPE_ENUM:
        field.listKind = "enum";
        field.enum = reg.getEnum(trimLeadingDot(proto.typeName));
        assert(field.enum);
        break;
      default:
        field.listKind = "scalar";
        field.scalar = type;
        field.longAsString = jstype == JS_STRING;
        break;
    }
    field.packed = isPackedField(proto, parentOrFile);
    return field;
  }
  switch (type) {
    case TYPE_MESSAGE:
    case TYPE_GROUP:
      field.fieldKind = "message";
      field.message = reg.getMessage(trimLeadingDot(proto.typeName));
      assert(field.message, `invalid FieldDescriptorProto: type_name ${proto.typeName} not found`);
      field.delimitedEncoding = isDelimitedEncoding(proto, parentOrFile);
      field.getDefaultValue = () => void 0;
      break;
    case TYPE_ENUM: {
      const enumeration = reg.getEnum(trimLeadingDot(proto.typeName));
      assert(enumeration !== void 0, `invalid FieldDescriptorProto: type_name ${proto.typeName} not found`);
      field.fieldKind = "enum";
      field.enum = reg.getEnum(trimLeadingDot(proto.typeName));
      field.getDefaultValue = () => {
        return unsafeIsSetExplicit(proto, "defaultValue") ? parseTextFormatEnumValue(enumeration, proto.defaultValue) : void 0;
      };
      break;
    }
    default: {
      field.fieldKind = "scalar";
      field.scalar = type;
      field.longAsString = jstype == JS_STRING;
      field.getDefaultValue = () => {
        return unsafeIsSetExplicit(proto, "defaultValue") ? parseTextFormatScalarValue(type, proto.defaultValue) : void 0;
      };
      break;
    }
  }
  return field;
}
function getFileEdition(proto) {
  switch (proto.syntax) {
    case "":
    case "proto2":
      return EDITION_PROTO22;
    case "proto3":
      return EDITION_PROTO32;
    case "editions":
      if (proto.edition === EDITION_UNSTABLE) {
        return maximumEdition;
      }
      if (proto.edition in featureDefaults) {
        return proto.edition;
      }
      throw new Error(`${proto.name}: unsupported edition`);
    default:
      throw new Error(`${proto.name}: unsupported syntax "${proto.syntax}"`);
  }
}
function findFileDependencies(proto, reg) {
  return proto.dependency.map((wantName) => {
    const dep = reg.getFile(wantName);
    if (!dep) {
      throw new Error(`Cannot find ${wantName}, imported by ${proto.name}`);
    }
    return dep;
  });
}
function findEnumSharedPrefix(enumName, values) {
  const prefix = camelToSnakeCase(enumName) + "_";
  for (const value of values) {
    if (!value.name.toLowerCase().startsWith(prefix)) {
      return void 0;
    }
    const shortName = value.name.substring(prefix.length);
    if (shortName.length == 0) {
      return void 0;
    }
    if (/^\d/.test(shortName)) {
      return void 0;
    }
  }
  return prefix;
}
function findEnumValueJsonName(proto) {
  var _a, _b;
  const extensionNumber = 998;
  const fieldNumber = 1;
  let jsonName;
  for (const uf of (_b = (_a = proto.options) === null || _a === void 0 ? void 0 : _a.$unknown) !== null && _b !== void 0 ? _b : []) {
    if (uf.no !== extensionNumber || uf.wireType !== WireType.LengthDelimited) {
      continue;
    }
    const reader = new BinaryReader(new BinaryReader(uf.data).bytes());
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag();
      if (no === fieldNumber && wireType === WireType.LengthDelimited) {
        jsonName = reader.string();
      } else {
        reader.skip(wireType, no);
      }
    }
  }
  return jsonName;
}
function camelToSnakeCase(camel) {
  return (camel.substring(0, 1) + camel.substring(1).replace(/[A-Z]/g, (c) => "_" + c)).toLowerCase();
}
function makeTypeName(proto, parent, file) {
  let typeName;
  if (parent) {
    typeName = `${parent.typeName}.${proto.name}`;
  } else if (file.proto.package.length > 0) {
    typeName = `${file.proto.package}.${proto.name}`;
  } else {
    typeName = `${proto.name}`;
  }
  return typeName;
}
function trimLeadingDot(typeName) {
  return typeName.startsWith(".") ? typeName.substring(1) : typeName;
}
function findOneof(proto, allOneofs) {
  if (!unsafeIsSetExplicit(proto, "oneofIndex")) {
    return void 0;
  }
  if (proto.proto3Optional) {
    return void 0;
  }
  const oneof = allOneofs[proto.oneofIndex];
  assert(oneof, `invalid FieldDescriptorProto: oneof #${proto.oneofIndex} for field #${proto.number} not found`);
  return oneof;
}
function getFieldPresence(proto, oneof, isExtension, parent) {
  if (proto.label == LABEL_REQUIRED) {
    return LEGACY_REQUIRED;
  }
  if (proto.label == LABEL_REPEATED) {
    return IMPLICIT2;
  }
  if (!!oneof || proto.proto3Optional) {
    return EXPLICIT;
  }
  if (isExtension) {
    return EXPLICIT;
  }
  const resolved = resolveFeature("fieldPresence", { proto, parent });
  if (resolved == IMPLICIT2 && (proto.type == TYPE_MESSAGE || proto.type == TYPE_GROUP)) {
    return EXPLICIT;
  }
  return resolved;
}
function isPackedField(proto, parent) {
  if (proto.label != LABEL_REPEATED) {
    return false;
  }
  switch (proto.type) {
    case TYPE_STRING:
    case TYPE_BYTES:
    case TYPE_GROUP:
    case TYPE_MESSAGE:
      return false;
  }
  const o = proto.options;
  if (o && unsafeIsSetExplicit(o, "packed")) {
    return o.packed;
  }
  return PACKED == resolveFeature("repeatedFieldEncoding", {
    proto,
    parent
  });
}
function findMapEntryFields(mapEntry) {
  const key = mapEntry.fields.find((f) => f.number === 1);
  const value = mapEntry.fields.find((f) => f.number === 2);
  assert(key && key.fieldKind == "scalar" && key.scalar != ScalarType.BYTES && key.scalar != ScalarType.FLOAT && key.scalar != ScalarType.DOUBLE && value && value.fieldKind != "list" && value.fieldKind != "map");
  return { key, value };
}
function isEnumOpen(desc) {
  var _a;
  return OPEN == resolveFeature("enumType", {
    proto: desc.proto,
    parent: (_a = desc.parent) !== null && _a !== void 0 ? _a : desc.file
  });
}
function isDelimitedEncoding(proto, parent) {
  if (proto.type == TYPE_GROUP) {
    return true;
  }
  return DELIMITED == resolveFeature("messageEncoding", {
    proto,
    parent
  });
}
function isUtf8Validated(proto, parent) {
  return VERIFY == resolveFeature("utf8Validation", {
    proto,
    parent
  });
}
function resolveFeature(name, ref) {
  var _a, _b;
  const featureSet = (_a = ref.proto.options) === null || _a === void 0 ? void 0 : _a.features;
  if (featureSet) {
    const val = featureSet[name];
    if (val != 0) {
      return val;
    }
  }
  if ("kind" in ref) {
    if (ref.kind == "message") {
      return resolveFeature(name, (_b = ref.parent) !== null && _b !== void 0 ? _b : ref.file);
    }
    const editionDefaults = featureDefaults[ref.edition];
    if (!editionDefaults) {
      throw new Error(`feature default for edition ${ref.edition} not found`);
    }
    return editionDefaults[name];
  }
  return resolveFeature(name, ref.parent);
}
function assert(condition, msg) {
  if (!condition) {
    throw new Error(msg);
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/boot.js
function boot(boot2) {
  const root = bootFileDescriptorProto(boot2);
  root.messageType.forEach(restoreJsonNames);
  const reg = createEmbeddedFileRegistry(root, () => void 0);
  return reg.getFile(root.name);
}
function bootFileDescriptorProto(init) {
  const proto = /* @__PURE__ */ Object.create({
    syntax: "",
    edition: 0
  });
  return Object.assign(proto, Object.assign(Object.assign({ $typeName: "google.protobuf.FileDescriptorProto", dependency: [], publicDependency: [], weakDependency: [], optionDependency: [], service: [], extension: [] }, init), { messageType: init.messageType.map(bootDescriptorProto), enumType: init.enumType.map(bootEnumDescriptorProto) }));
}
function bootDescriptorProto(init) {
  var _a, _b, _c, _d, _e, _f, _g, _h;
  const proto = /* @__PURE__ */ Object.create({
    visibility: 0
  });
  return Object.assign(proto, {
    $typeName: "google.protobuf.DescriptorProto",
    name: init.name,
    field: (_b = (_a = init.field) === null || _a === void 0 ? void 0 : _a.map(bootFieldDescriptorProto)) !== null && _b !== void 0 ? _b : [],
    extension: [],
    nestedType: (_d = (_c = init.nestedType) === null || _c === void 0 ? void 0 : _c.map(bootDescriptorProto)) !== null && _d !== void 0 ? _d : [],
    enumType: (_f = (_e = init.enumType) === null || _e === void 0 ? void 0 : _e.map(bootEnumDescriptorProto)) !== null && _f !== void 0 ? _f : [],
    extensionRange: (_h = (_g = init.extensionRange) === null || _g === void 0 ? void 0 : _g.map((e) => Object.assign({ $typeName: "google.protobuf.DescriptorProto.ExtensionRange" }, e))) !== null && _h !== void 0 ? _h : [],
    oneofDecl: [],
    reservedRange: [],
    reservedName: []
  });
}
function bootFieldDescriptorProto(init) {
  const proto = /* @__PURE__ */ Object.create({
    label: 1,
    typeName: "",
    extendee: "",
    defaultValue: "",
    oneofIndex: 0,
    jsonName: "",
    proto3Optional: false
  });
  return Object.assign(proto, Object.assign(Object.assign({ $typeName: "google.protobuf.FieldDescriptorProto" }, init), { options: init.options ? bootFieldOptions(init.options) : void 0 }));
}
function bootFieldOptions(init) {
  var _a, _b, _c;
  const proto = /* @__PURE__ */ Object.create({
    ctype: 0,
    packed: false,
    jstype: 0,
    lazy: false,
    unverifiedLazy: false,
    deprecated: false,
    weak: false,
    debugRedact: false,
    retention: 0
  });
  return Object.assign(proto, Object.assign(Object.assign({ $typeName: "google.protobuf.FieldOptions" }, init), { targets: (_a = init.targets) !== null && _a !== void 0 ? _a : [], editionDefaults: (_c = (_b = init.editionDefaults) === null || _b === void 0 ? void 0 : _b.map((e) => Object.assign({ $typeName: "google.protobuf.FieldOptions.EditionDefault" }, e))) !== null && _c !== void 0 ? _c : [], uninterpretedOption: [] }));
}
function bootEnumDescriptorProto(init) {
  const proto = /* @__PURE__ */ Object.create({
    visibility: 0
  });
  return Object.assign(proto, {
    $typeName: "google.protobuf.EnumDescriptorProto",
    name: init.name,
    reservedName: [],
    reservedRange: [],
    value: init.value.map((e) => Object.assign({ $typeName: "google.protobuf.EnumValueDescriptorProto" }, e))
  });
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/message.js
function messageDesc(file, path, ...paths) {
  return paths.reduce((acc, cur) => acc.nestedMessages[cur], file.messages[path]);
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/enum.js
function enumDesc(file, path, ...paths) {
  if (paths.length == 0) {
    return file.enums[path];
  }
  const e = paths.pop();
  return paths.reduce((acc, cur) => acc.nestedMessages[cur], file.messages[path]).nestedEnums[e];
}

// node_modules/@bufbuild/protobuf/dist/esm/wkt/google/protobuf/descriptor_pb.js
var file_google_protobuf_descriptor = /* @__PURE__ */ boot({ "name": "google/protobuf/descriptor.proto", "package": "google.protobuf", "messageType": [{ "name": "FileDescriptorSet", "field": [{ "name": "file", "number": 1, "type": 11, "label": 3, "typeName": ".google.protobuf.FileDescriptorProto" }], "extensionRange": [{ "start": 536e6, "end": 536000001 }] }, { "name": "FileDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "package", "number": 2, "type": 9, "label": 1 }, { "name": "dependency", "number": 3, "type": 9, "label": 3 }, { "name": "public_dependency", "number": 10, "type": 5, "label": 3 }, { "name": "weak_dependency", "number": 11, "type": 5, "label": 3 }, { "name": "option_dependency", "number": 15, "type": 9, "label": 3 }, { "name": "message_type", "number": 4, "type": 11, "label": 3, "typeName": ".google.protobuf.DescriptorProto" }, { "name": "enum_type", "number": 5, "type": 11, "label": 3, "typeName": ".google.protobuf.EnumDescriptorProto" }, { "name": "service", "number": 6, "type": 11, "label": 3, "typeName": ".google.protobuf.ServiceDescriptorProto" }, { "name": "extension", "number": 7, "type": 11, "label": 3, "typeName": ".google.protobuf.FieldDescriptorProto" }, { "name": "options", "number": 8, "type": 11, "label": 1, "typeName": ".google.protobuf.FileOptions" }, { "name": "source_code_info", "number": 9, "type": 11, "label": 1, "typeName": ".google.protobuf.SourceCodeInfo" }, { "name": "syntax", "number": 12, "type": 9, "label": 1 }, { "name": "edition", "number": 14, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }] }, { "name": "DescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "field", "number": 2, "type": 11, "label": 3, "typeName": ".google.protobuf.FieldDescriptorProto" }, { "name": "extension", "number": 6, "type": 11, "label": 3, "typeName": ".google.protobuf.FieldDescriptorProto" }, { "name": "nested_type", "number": 3, "type": 11, "label": 3, "typeName": ".google.protobuf.DescriptorProto" }, { "name": "enum_type", "number": 4, "type": 11, "label": 3, "typeName": ".google.protobuf.EnumDescriptorProto" }, { "name": "extension_range", "number": 5, "type": 11, "label": 3, "typeName": ".google.protobuf.DescriptorProto.ExtensionRange" }, { "name": "oneof_decl", "number": 8, "type": 11, "label": 3, "typeName": ".google.protobuf.OneofDescriptorProto" }, { "name": "options", "number": 7, "type": 11, "label": 1, "typeName": ".google.protobuf.MessageOptions" }, { "name": "reserved_range", "number": 9, "type": 11, "label": 3, "typeName": ".google.protobuf.DescriptorProto.ReservedRange" }, { "name": "reserved_name", "number": 10, "type": 9, "label": 3 }, { "name": "visibility", "number": 11, "type": 14, "label": 1, "typeName": ".google.protobuf.SymbolVisibility" }], "nestedType": [{ "name": "ExtensionRange", "field": [{ "name": "start", "number": 1, "type": 5, "label": 1 }, { "name": "end", "number": 2, "type": 5, "label": 1 }, { "name": "options", "number": 3, "type": 11, "label": 1, "typeName": ".google.protobuf.ExtensionRangeOptions" }] }, { "name": "ReservedRange", "field": [{ "name": "start", "number": 1, "type": 5, "label": 1 }, { "name": "end", "number": 2, "type": 5, "label": 1 }] }] }, { "name": "ExtensionRangeOptions", "field": [{ "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }, { "name": "declaration", "number": 2, "type": 11, "label": 3, "typeName": ".google.protobuf.ExtensionRangeOptions.Declaration", "options": { "retention": 2 } }, { "name": "features", "number": 50, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "verification", "number": 3, "type": 14, "label": 1, "typeName": ".google.protobuf.ExtensionRangeOptions.VerificationState", "defaultValue": "UNVERIFIED", "options": { "retention": 2 } }], "nestedType": [{ "name": "Declaration", "field": [{ "name": "number", "number": 1, "type": 5, "label": 1 }, { "name": "full_name", "number": 2, "type": 9, "label": 1 }, { "name": "type", "number": 3, "type": 9, "label": 1 }, { "name": "reserved", "number": 5, "type": 8, "label": 1 }, { "name": "repeated", "number": 6, "type": 8, "label": 1 }] }], "enumType": [{ "name": "VerificationState", "value": [{ "name": "DECLARATION", "number": 0 }, { "name": "UNVERIFIED", "number": 1 }] }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "FieldDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "number", "number": 3, "type": 5, "label": 1 }, { "name": "label", "number": 4, "type": 14, "label": 1, "typeName": ".google.protobuf.FieldDescriptorProto.Label" }, { "name": "type", "number": 5, "type": 14, "label": 1, "typeName": ".google.protobuf.FieldDescriptorProto.Type" }, { "name": "type_name", "number": 6, "type": 9, "label": 1 }, { "name": "extendee", "number": 2, "type": 9, "label": 1 }, { "name": "default_value", "number": 7, "type": 9, "label": 1 }, { "name": "oneof_index", "number": 9, "type": 5, "label": 1 }, { "name": "json_name", "number": 10, "type": 9, "label": 1 }, { "name": "options", "number": 8, "type": 11, "label": 1, "typeName": ".google.protobuf.FieldOptions" }, { "name": "proto3_optional", "number": 17, "type": 8, "label": 1 }], "enumType": [{ "name": "Type", "value": [{ "name": "TYPE_DOUBLE", "number": 1 }, { "name": "TYPE_FLOAT", "number": 2 }, { "name": "TYPE_INT64", "number": 3 }, { "name": "TYPE_UINT64", "number": 4 }, { "name": "TYPE_INT32", "number": 5 }, { "name": "TYPE_FIXED64", "number": 6 }, { "name": "TYPE_FIXED32", "number": 7 }, { "name": "TYPE_BOOL", "number": 8 }, { "name": "TYPE_STRING", "number": 9 }, { "name": "TYPE_GROUP", "number": 10 }, { "name": "TYPE_MESSAGE", "number": 11 }, { "name": "TYPE_BYTES", "number": 12 }, { "name": "TYPE_UINT32", "number": 13 }, { "name": "TYPE_ENUM", "number": 14 }, { "name": "TYPE_SFIXED32", "number": 15 }, { "name": "TYPE_SFIXED64", "number": 16 }, { "name": "TYPE_SINT32", "number": 17 }, { "name": "TYPE_SINT64", "number": 18 }] }, { "name": "Label", "value": [{ "name": "LABEL_OPTIONAL", "number": 1 }, { "name": "LABEL_REPEATED", "number": 3 }, { "name": "LABEL_REQUIRED", "number": 2 }] }] }, { "name": "OneofDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "options", "number": 2, "type": 11, "label": 1, "typeName": ".google.protobuf.OneofOptions" }] }, { "name": "EnumDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "value", "number": 2, "type": 11, "label": 3, "typeName": ".google.protobuf.EnumValueDescriptorProto" }, { "name": "options", "number": 3, "type": 11, "label": 1, "typeName": ".google.protobuf.EnumOptions" }, { "name": "reserved_range", "number": 4, "type": 11, "label": 3, "typeName": ".google.protobuf.EnumDescriptorProto.EnumReservedRange" }, { "name": "reserved_name", "number": 5, "type": 9, "label": 3 }, { "name": "visibility", "number": 6, "type": 14, "label": 1, "typeName": ".google.protobuf.SymbolVisibility" }], "nestedType": [{ "name": "EnumReservedRange", "field": [{ "name": "start", "number": 1, "type": 5, "label": 1 }, { "name": "end", "number": 2, "type": 5, "label": 1 }] }] }, { "name": "EnumValueDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "number", "number": 2, "type": 5, "label": 1 }, { "name": "options", "number": 3, "type": 11, "label": 1, "typeName": ".google.protobuf.EnumValueOptions" }] }, { "name": "ServiceDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "method", "number": 2, "type": 11, "label": 3, "typeName": ".google.protobuf.MethodDescriptorProto" }, { "name": "options", "number": 3, "type": 11, "label": 1, "typeName": ".google.protobuf.ServiceOptions" }] }, { "name": "MethodDescriptorProto", "field": [{ "name": "name", "number": 1, "type": 9, "label": 1 }, { "name": "input_type", "number": 2, "type": 9, "label": 1 }, { "name": "output_type", "number": 3, "type": 9, "label": 1 }, { "name": "options", "number": 4, "type": 11, "label": 1, "typeName": ".google.protobuf.MethodOptions" }, { "name": "client_streaming", "number": 5, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "server_streaming", "number": 6, "type": 8, "label": 1, "defaultValue": "false" }] }, { "name": "FileOptions", "field": [{ "name": "java_package", "number": 1, "type": 9, "label": 1 }, { "name": "java_outer_classname", "number": 8, "type": 9, "label": 1 }, { "name": "java_multiple_files", "number": 10, "type": 8, "label": 1, "defaultValue": "false", "options": {} }, { "name": "java_generate_equals_and_hash", "number": 20, "type": 8, "label": 1, "options": { "deprecated": true } }, { "name": "java_string_check_utf8", "number": 27, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "optimize_for", "number": 9, "type": 14, "label": 1, "typeName": ".google.protobuf.FileOptions.OptimizeMode", "defaultValue": "SPEED" }, { "name": "go_package", "number": 11, "type": 9, "label": 1 }, { "name": "cc_generic_services", "number": 16, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "java_generic_services", "number": 17, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "py_generic_services", "number": 18, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "deprecated", "number": 23, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "cc_enable_arenas", "number": 31, "type": 8, "label": 1, "defaultValue": "true", "options": {} }, { "name": "objc_class_prefix", "number": 36, "type": 9, "label": 1 }, { "name": "csharp_namespace", "number": 37, "type": 9, "label": 1 }, { "name": "swift_prefix", "number": 39, "type": 9, "label": 1 }, { "name": "php_class_prefix", "number": 40, "type": 9, "label": 1 }, { "name": "php_namespace", "number": 41, "type": 9, "label": 1 }, { "name": "php_metadata_namespace", "number": 44, "type": 9, "label": 1 }, { "name": "ruby_package", "number": 45, "type": 9, "label": 1 }, { "name": "features", "number": 50, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "enumType": [{ "name": "OptimizeMode", "value": [{ "name": "SPEED", "number": 1 }, { "name": "CODE_SIZE", "number": 2 }, { "name": "LITE_RUNTIME", "number": 3 }] }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "MessageOptions", "field": [{ "name": "message_set_wire_format", "number": 1, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "no_standard_descriptor_accessor", "number": 2, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "deprecated", "number": 3, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "map_entry", "number": 7, "type": 8, "label": 1 }, { "name": "deprecated_legacy_json_field_conflicts", "number": 11, "type": 8, "label": 1, "options": { "deprecated": true } }, { "name": "features", "number": 12, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "FieldOptions", "field": [{ "name": "ctype", "number": 1, "type": 14, "label": 1, "typeName": ".google.protobuf.FieldOptions.CType", "defaultValue": "STRING" }, { "name": "packed", "number": 2, "type": 8, "label": 1 }, { "name": "jstype", "number": 6, "type": 14, "label": 1, "typeName": ".google.protobuf.FieldOptions.JSType", "defaultValue": "JS_NORMAL" }, { "name": "lazy", "number": 5, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "unverified_lazy", "number": 15, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "deprecated", "number": 3, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "weak", "number": 10, "type": 8, "label": 1, "defaultValue": "false", "options": { "deprecated": true } }, { "name": "debug_redact", "number": 16, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "retention", "number": 17, "type": 14, "label": 1, "typeName": ".google.protobuf.FieldOptions.OptionRetention" }, { "name": "targets", "number": 19, "type": 14, "label": 3, "typeName": ".google.protobuf.FieldOptions.OptionTargetType" }, { "name": "edition_defaults", "number": 20, "type": 11, "label": 3, "typeName": ".google.protobuf.FieldOptions.EditionDefault" }, { "name": "features", "number": 21, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "feature_support", "number": 22, "type": 11, "label": 1, "typeName": ".google.protobuf.FieldOptions.FeatureSupport" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "nestedType": [{ "name": "EditionDefault", "field": [{ "name": "edition", "number": 3, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "value", "number": 2, "type": 9, "label": 1 }] }, { "name": "FeatureSupport", "field": [{ "name": "edition_introduced", "number": 1, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "edition_deprecated", "number": 2, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "deprecation_warning", "number": 3, "type": 9, "label": 1 }, { "name": "edition_removed", "number": 4, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "removal_error", "number": 5, "type": 9, "label": 1 }] }], "enumType": [{ "name": "CType", "value": [{ "name": "STRING", "number": 0 }, { "name": "CORD", "number": 1 }, { "name": "STRING_PIECE", "number": 2 }] }, { "name": "JSType", "value": [{ "name": "JS_NORMAL", "number": 0 }, { "name": "JS_STRING", "number": 1 }, { "name": "JS_NUMBER", "number": 2 }] }, { "name": "OptionRetention", "value": [{ "name": "RETENTION_UNKNOWN", "number": 0 }, { "name": "RETENTION_RUNTIME", "number": 1 }, { "name": "RETENTION_SOURCE", "number": 2 }] }, { "name": "OptionTargetType", "value": [{ "name": "TARGET_TYPE_UNKNOWN", "number": 0 }, { "name": "TARGET_TYPE_FILE", "number": 1 }, { "name": "TARGET_TYPE_EXTENSION_RANGE", "number": 2 }, { "name": "TARGET_TYPE_MESSAGE", "number": 3 }, { "name": "TARGET_TYPE_FIELD", "number": 4 }, { "name": "TARGET_TYPE_ONEOF", "number": 5 }, { "name": "TARGET_TYPE_ENUM", "number": 6 }, { "name": "TARGET_TYPE_ENUM_ENTRY", "number": 7 }, { "name": "TARGET_TYPE_SERVICE", "number": 8 }, { "name": "TARGET_TYPE_METHOD", "number": 9 }] }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "OneofOptions", "field": [{ "name": "features", "number": 1, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "EnumOptions", "field": [{ "name": "allow_alias", "number": 2, "type": 8, "label": 1 }, { "name": "deprecated", "number": 3, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "deprecated_legacy_json_field_conflicts", "number": 6, "type": 8, "label": 1, "options": { "deprecated": true } }, { "name": "features", "number": 7, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "EnumValueOptions", "field": [{ "name": "deprecated", "number": 1, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "features", "number": 2, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "debug_redact", "number": 3, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "feature_support", "number": 4, "type": 11, "label": 1, "typeName": ".google.protobuf.FieldOptions.FeatureSupport" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "ServiceOptions", "field": [{ "name": "features", "number": 34, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "deprecated", "number": 33, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "MethodOptions", "field": [{ "name": "deprecated", "number": 33, "type": 8, "label": 1, "defaultValue": "false" }, { "name": "idempotency_level", "number": 34, "type": 14, "label": 1, "typeName": ".google.protobuf.MethodOptions.IdempotencyLevel", "defaultValue": "IDEMPOTENCY_UNKNOWN" }, { "name": "features", "number": 35, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "uninterpreted_option", "number": 999, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption" }], "enumType": [{ "name": "IdempotencyLevel", "value": [{ "name": "IDEMPOTENCY_UNKNOWN", "number": 0 }, { "name": "NO_SIDE_EFFECTS", "number": 1 }, { "name": "IDEMPOTENT", "number": 2 }] }], "extensionRange": [{ "start": 990, "end": 999 }, { "start": 1e3, "end": 536870912 }] }, { "name": "UninterpretedOption", "field": [{ "name": "name", "number": 2, "type": 11, "label": 3, "typeName": ".google.protobuf.UninterpretedOption.NamePart" }, { "name": "identifier_value", "number": 3, "type": 9, "label": 1 }, { "name": "positive_int_value", "number": 4, "type": 4, "label": 1 }, { "name": "negative_int_value", "number": 5, "type": 3, "label": 1 }, { "name": "double_value", "number": 6, "type": 1, "label": 1 }, { "name": "string_value", "number": 7, "type": 12, "label": 1 }, { "name": "aggregate_value", "number": 8, "type": 9, "label": 1 }], "nestedType": [{ "name": "NamePart", "field": [{ "name": "name_part", "number": 1, "type": 9, "label": 2 }, { "name": "is_extension", "number": 2, "type": 8, "label": 2 }] }] }, { "name": "FeatureSet", "field": [{ "name": "field_presence", "number": 1, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.FieldPresence", "options": { "retention": 1, "targets": [4, 1], "editionDefaults": [{ "value": "EXPLICIT", "edition": 900 }, { "value": "IMPLICIT", "edition": 999 }, { "value": "EXPLICIT", "edition": 1e3 }] } }, { "name": "enum_type", "number": 2, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.EnumType", "options": { "retention": 1, "targets": [6, 1], "editionDefaults": [{ "value": "CLOSED", "edition": 900 }, { "value": "OPEN", "edition": 999 }] } }, { "name": "repeated_field_encoding", "number": 3, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.RepeatedFieldEncoding", "options": { "retention": 1, "targets": [4, 1], "editionDefaults": [{ "value": "EXPANDED", "edition": 900 }, { "value": "PACKED", "edition": 999 }] } }, { "name": "utf8_validation", "number": 4, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.Utf8Validation", "options": { "retention": 1, "targets": [4, 1], "editionDefaults": [{ "value": "NONE", "edition": 900 }, { "value": "VERIFY", "edition": 999 }] } }, { "name": "message_encoding", "number": 5, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.MessageEncoding", "options": { "retention": 1, "targets": [4, 1], "editionDefaults": [{ "value": "LENGTH_PREFIXED", "edition": 900 }] } }, { "name": "json_format", "number": 6, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.JsonFormat", "options": { "retention": 1, "targets": [3, 6, 1], "editionDefaults": [{ "value": "LEGACY_BEST_EFFORT", "edition": 900 }, { "value": "ALLOW", "edition": 999 }] } }, { "name": "enforce_naming_style", "number": 7, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.EnforceNamingStyle", "options": { "retention": 2, "targets": [1, 2, 3, 4, 5, 6, 7, 8, 9], "editionDefaults": [{ "value": "STYLE_LEGACY", "edition": 900 }, { "value": "STYLE2024", "edition": 1001 }, { "value": "STYLE2026", "edition": 1002 }] } }, { "name": "default_symbol_visibility", "number": 8, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.VisibilityFeature.DefaultSymbolVisibility", "options": { "retention": 2, "targets": [1], "editionDefaults": [{ "value": "EXPORT_ALL", "edition": 900 }, { "value": "EXPORT_TOP_LEVEL", "edition": 1001 }, { "value": "STRICT", "edition": 1002 }] } }, { "name": "enforce_proto_limits", "number": 9, "type": 14, "label": 1, "typeName": ".google.protobuf.FeatureSet.ProtoLimitsFeature.EnforceProtoLimits", "options": { "retention": 2, "targets": [6, 3, 4, 5], "editionDefaults": [{ "value": "LEGACY_NO_EXPLICIT_LIMITS", "edition": 900 }, { "value": "PROTO_LIMITS2026", "edition": 1002 }] } }], "nestedType": [{ "name": "VisibilityFeature", "enumType": [{ "name": "DefaultSymbolVisibility", "value": [{ "name": "DEFAULT_SYMBOL_VISIBILITY_UNKNOWN", "number": 0 }, { "name": "EXPORT_ALL", "number": 1 }, { "name": "EXPORT_TOP_LEVEL", "number": 2 }, { "name": "LOCAL_ALL", "number": 3 }, { "name": "STRICT", "number": 4 }] }] }, { "name": "ProtoLimitsFeature", "enumType": [{ "name": "EnforceProtoLimits", "value": [{ "name": "PROTO_LIMITS_UNKNOWN", "number": 0 }, { "name": "LEGACY_NO_EXPLICIT_LIMITS", "number": 1 }, { "name": "PROTO_LIMITS2026", "number": 2 }] }] }], "enumType": [{ "name": "FieldPresence", "value": [{ "name": "FIELD_PRESENCE_UNKNOWN", "number": 0 }, { "name": "EXPLICIT", "number": 1 }, { "name": "IMPLICIT", "number": 2 }, { "name": "LEGACY_REQUIRED", "number": 3 }] }, { "name": "EnumType", "value": [{ "name": "ENUM_TYPE_UNKNOWN", "number": 0 }, { "name": "OPEN", "number": 1 }, { "name": "CLOSED", "number": 2 }] }, { "name": "RepeatedFieldEncoding", "value": [{ "name": "REPEATED_FIELD_ENCODING_UNKNOWN", "number": 0 }, { "name": "PACKED", "number": 1 }, { "name": "EXPANDED", "number": 2 }] }, { "name": "Utf8Validation", "value": [{ "name": "UTF8_VALIDATION_UNKNOWN", "number": 0 }, { "name": "VERIFY", "number": 2 }, { "name": "NONE", "number": 3 }] }, { "name": "MessageEncoding", "value": [{ "name": "MESSAGE_ENCODING_UNKNOWN", "number": 0 }, { "name": "LENGTH_PREFIXED", "number": 1 }, { "name": "DELIMITED", "number": 2 }] }, { "name": "JsonFormat", "value": [{ "name": "JSON_FORMAT_UNKNOWN", "number": 0 }, { "name": "ALLOW", "number": 1 }, { "name": "LEGACY_BEST_EFFORT", "number": 2 }] }, { "name": "EnforceNamingStyle", "value": [{ "name": "ENFORCE_NAMING_STYLE_UNKNOWN", "number": 0 }, { "name": "STYLE2024", "number": 1 }, { "name": "STYLE_LEGACY", "number": 2 }, { "name": "STYLE2026", "number": 3 }] }], "extensionRange": [{ "start": 1e3, "end": 9995 }, { "start": 9995, "end": 1e4 }, { "start": 1e4, "end": 10001 }] }, { "name": "FeatureSetDefaults", "field": [{ "name": "defaults", "number": 1, "type": 11, "label": 3, "typeName": ".google.protobuf.FeatureSetDefaults.FeatureSetEditionDefault" }, { "name": "minimum_edition", "number": 4, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "maximum_edition", "number": 5, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }], "nestedType": [{ "name": "FeatureSetEditionDefault", "field": [{ "name": "edition", "number": 3, "type": 14, "label": 1, "typeName": ".google.protobuf.Edition" }, { "name": "overridable_features", "number": 4, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }, { "name": "fixed_features", "number": 5, "type": 11, "label": 1, "typeName": ".google.protobuf.FeatureSet" }] }] }, { "name": "SourceCodeInfo", "field": [{ "name": "location", "number": 1, "type": 11, "label": 3, "typeName": ".google.protobuf.SourceCodeInfo.Location" }], "nestedType": [{ "name": "Location", "field": [{ "name": "path", "number": 1, "type": 5, "label": 3, "options": { "packed": true } }, { "name": "span", "number": 2, "type": 5, "label": 3, "options": { "packed": true } }, { "name": "leading_comments", "number": 3, "type": 9, "label": 1 }, { "name": "trailing_comments", "number": 4, "type": 9, "label": 1 }, { "name": "leading_detached_comments", "number": 6, "type": 9, "label": 3 }] }], "extensionRange": [{ "start": 536e6, "end": 536000001 }] }, { "name": "GeneratedCodeInfo", "field": [{ "name": "annotation", "number": 1, "type": 11, "label": 3, "typeName": ".google.protobuf.GeneratedCodeInfo.Annotation" }], "nestedType": [{ "name": "Annotation", "field": [{ "name": "path", "number": 1, "type": 5, "label": 3, "options": { "packed": true } }, { "name": "source_file", "number": 2, "type": 9, "label": 1 }, { "name": "begin", "number": 3, "type": 5, "label": 1 }, { "name": "end", "number": 4, "type": 5, "label": 1 }, { "name": "semantic", "number": 5, "type": 14, "label": 1, "typeName": ".google.protobuf.GeneratedCodeInfo.Annotation.Semantic" }], "enumType": [{ "name": "Semantic", "value": [{ "name": "NONE", "number": 0 }, { "name": "SET", "number": 1 }, { "name": "ALIAS", "number": 2 }] }] }] }], "enumType": [{ "name": "Edition", "value": [{ "name": "EDITION_UNKNOWN", "number": 0 }, { "name": "EDITION_LEGACY", "number": 900 }, { "name": "EDITION_PROTO2", "number": 998 }, { "name": "EDITION_PROTO3", "number": 999 }, { "name": "EDITION_2023", "number": 1e3 }, { "name": "EDITION_2024", "number": 1001 }, { "name": "EDITION_2026", "number": 1002 }, { "name": "EDITION_UNSTABLE", "number": 9999 }, { "name": "EDITION_1_TEST_ONLY", "number": 1 }, { "name": "EDITION_2_TEST_ONLY", "number": 2 }, { "name": "EDITION_99997_TEST_ONLY", "number": 99997 }, { "name": "EDITION_99998_TEST_ONLY", "number": 99998 }, { "name": "EDITION_99999_TEST_ONLY", "number": 99999 }, { "name": "EDITION_MAX", "number": 2147483647 }] }, { "name": "SymbolVisibility", "value": [{ "name": "VISIBILITY_UNSET", "number": 0 }, { "name": "VISIBILITY_LOCAL", "number": 1 }, { "name": "VISIBILITY_EXPORT", "number": 2 }] }] });
var FileDescriptorProtoSchema = /* @__PURE__ */ messageDesc(file_google_protobuf_descriptor, 1);
var ExtensionRangeOptions_VerificationState;
(function(ExtensionRangeOptions_VerificationState2) {
  ExtensionRangeOptions_VerificationState2[ExtensionRangeOptions_VerificationState2["DECLARATION"] = 0] = "DECLARATION";
  ExtensionRangeOptions_VerificationState2[ExtensionRangeOptions_VerificationState2["UNVERIFIED"] = 1] = "UNVERIFIED";
})(ExtensionRangeOptions_VerificationState || (ExtensionRangeOptions_VerificationState = {}));
var FieldDescriptorProto_Type;
(function(FieldDescriptorProto_Type2) {
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["DOUBLE"] = 1] = "DOUBLE";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["FLOAT"] = 2] = "FLOAT";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["INT64"] = 3] = "INT64";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["UINT64"] = 4] = "UINT64";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["INT32"] = 5] = "INT32";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["FIXED64"] = 6] = "FIXED64";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["FIXED32"] = 7] = "FIXED32";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["BOOL"] = 8] = "BOOL";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["STRING"] = 9] = "STRING";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["GROUP"] = 10] = "GROUP";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["MESSAGE"] = 11] = "MESSAGE";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["BYTES"] = 12] = "BYTES";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["UINT32"] = 13] = "UINT32";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["ENUM"] = 14] = "ENUM";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["SFIXED32"] = 15] = "SFIXED32";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["SFIXED64"] = 16] = "SFIXED64";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["SINT32"] = 17] = "SINT32";
  FieldDescriptorProto_Type2[FieldDescriptorProto_Type2["SINT64"] = 18] = "SINT64";
})(FieldDescriptorProto_Type || (FieldDescriptorProto_Type = {}));
var FieldDescriptorProto_Label;
(function(FieldDescriptorProto_Label2) {
  FieldDescriptorProto_Label2[FieldDescriptorProto_Label2["OPTIONAL"] = 1] = "OPTIONAL";
  FieldDescriptorProto_Label2[FieldDescriptorProto_Label2["REPEATED"] = 3] = "REPEATED";
  FieldDescriptorProto_Label2[FieldDescriptorProto_Label2["REQUIRED"] = 2] = "REQUIRED";
})(FieldDescriptorProto_Label || (FieldDescriptorProto_Label = {}));
var FileOptions_OptimizeMode;
(function(FileOptions_OptimizeMode2) {
  FileOptions_OptimizeMode2[FileOptions_OptimizeMode2["SPEED"] = 1] = "SPEED";
  FileOptions_OptimizeMode2[FileOptions_OptimizeMode2["CODE_SIZE"] = 2] = "CODE_SIZE";
  FileOptions_OptimizeMode2[FileOptions_OptimizeMode2["LITE_RUNTIME"] = 3] = "LITE_RUNTIME";
})(FileOptions_OptimizeMode || (FileOptions_OptimizeMode = {}));
var FieldOptions_CType;
(function(FieldOptions_CType2) {
  FieldOptions_CType2[FieldOptions_CType2["STRING"] = 0] = "STRING";
  FieldOptions_CType2[FieldOptions_CType2["CORD"] = 1] = "CORD";
  FieldOptions_CType2[FieldOptions_CType2["STRING_PIECE"] = 2] = "STRING_PIECE";
})(FieldOptions_CType || (FieldOptions_CType = {}));
var FieldOptions_JSType;
(function(FieldOptions_JSType2) {
  FieldOptions_JSType2[FieldOptions_JSType2["JS_NORMAL"] = 0] = "JS_NORMAL";
  FieldOptions_JSType2[FieldOptions_JSType2["JS_STRING"] = 1] = "JS_STRING";
  FieldOptions_JSType2[FieldOptions_JSType2["JS_NUMBER"] = 2] = "JS_NUMBER";
})(FieldOptions_JSType || (FieldOptions_JSType = {}));
var FieldOptions_OptionRetention;
(function(FieldOptions_OptionRetention2) {
  FieldOptions_OptionRetention2[FieldOptions_OptionRetention2["RETENTION_UNKNOWN"] = 0] = "RETENTION_UNKNOWN";
  FieldOptions_OptionRetention2[FieldOptions_OptionRetention2["RETENTION_RUNTIME"] = 1] = "RETENTION_RUNTIME";
  FieldOptions_OptionRetention2[FieldOptions_OptionRetention2["RETENTION_SOURCE"] = 2] = "RETENTION_SOURCE";
})(FieldOptions_OptionRetention || (FieldOptions_OptionRetention = {}));
var FieldOptions_OptionTargetType;
(function(FieldOptions_OptionTargetType2) {
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_UNKNOWN"] = 0] = "TARGET_TYPE_UNKNOWN";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_FILE"] = 1] = "TARGET_TYPE_FILE";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_EXTENSION_RANGE"] = 2] = "TARGET_TYPE_EXTENSION_RANGE";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_MESSAGE"] = 3] = "TARGET_TYPE_MESSAGE";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_FIELD"] = 4] = "TARGET_TYPE_FIELD";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_ONEOF"] = 5] = "TARGET_TYPE_ONEOF";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_ENUM"] = 6] = "TARGET_TYPE_ENUM";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_ENUM_ENTRY"] = 7] = "TARGET_TYPE_ENUM_ENTRY";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_SERVICE"] = 8] = "TARGET_TYPE_SERVICE";
  FieldOptions_OptionTargetType2[FieldOptions_OptionTargetType2["TARGET_TYPE_METHOD"] = 9] = "TARGET_TYPE_METHOD";
})(FieldOptions_OptionTargetType || (FieldOptions_OptionTargetType = {}));
var MethodOptions_IdempotencyLevel;
(function(MethodOptions_IdempotencyLevel2) {
  MethodOptions_IdempotencyLevel2[MethodOptions_IdempotencyLevel2["IDEMPOTENCY_UNKNOWN"] = 0] = "IDEMPOTENCY_UNKNOWN";
  MethodOptions_IdempotencyLevel2[MethodOptions_IdempotencyLevel2["NO_SIDE_EFFECTS"] = 1] = "NO_SIDE_EFFECTS";
  MethodOptions_IdempotencyLevel2[MethodOptions_IdempotencyLevel2["IDEMPOTENT"] = 2] = "IDEMPOTENT";
})(MethodOptions_IdempotencyLevel || (MethodOptions_IdempotencyLevel = {}));
var FeatureSet_VisibilityFeature_DefaultSymbolVisibility;
(function(FeatureSet_VisibilityFeature_DefaultSymbolVisibility2) {
  FeatureSet_VisibilityFeature_DefaultSymbolVisibility2[FeatureSet_VisibilityFeature_DefaultSymbolVisibility2["DEFAULT_SYMBOL_VISIBILITY_UNKNOWN"] = 0] = "DEFAULT_SYMBOL_VISIBILITY_UNKNOWN";
  FeatureSet_VisibilityFeature_DefaultSymbolVisibility2[FeatureSet_VisibilityFeature_DefaultSymbolVisibility2["EXPORT_ALL"] = 1] = "EXPORT_ALL";
  FeatureSet_VisibilityFeature_DefaultSymbolVisibility2[FeatureSet_VisibilityFeature_DefaultSymbolVisibility2["EXPORT_TOP_LEVEL"] = 2] = "EXPORT_TOP_LEVEL";
  FeatureSet_VisibilityFeature_DefaultSymbolVisibility2[FeatureSet_VisibilityFeature_DefaultSymbolVisibility2["LOCAL_ALL"] = 3] = "LOCAL_ALL";
  FeatureSet_VisibilityFeature_DefaultSymbolVisibility2[FeatureSet_VisibilityFeature_DefaultSymbolVisibility2["STRICT"] = 4] = "STRICT";
})(FeatureSet_VisibilityFeature_DefaultSymbolVisibility || (FeatureSet_VisibilityFeature_DefaultSymbolVisibility = {}));
var FeatureSet_ProtoLimitsFeature_EnforceProtoLimits;
(function(FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2) {
  FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2[FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2["PROTO_LIMITS_UNKNOWN"] = 0] = "PROTO_LIMITS_UNKNOWN";
  FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2[FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2["LEGACY_NO_EXPLICIT_LIMITS"] = 1] = "LEGACY_NO_EXPLICIT_LIMITS";
  FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2[FeatureSet_ProtoLimitsFeature_EnforceProtoLimits2["PROTO_LIMITS2026"] = 2] = "PROTO_LIMITS2026";
})(FeatureSet_ProtoLimitsFeature_EnforceProtoLimits || (FeatureSet_ProtoLimitsFeature_EnforceProtoLimits = {}));
var FeatureSet_FieldPresence;
(function(FeatureSet_FieldPresence2) {
  FeatureSet_FieldPresence2[FeatureSet_FieldPresence2["FIELD_PRESENCE_UNKNOWN"] = 0] = "FIELD_PRESENCE_UNKNOWN";
  FeatureSet_FieldPresence2[FeatureSet_FieldPresence2["EXPLICIT"] = 1] = "EXPLICIT";
  FeatureSet_FieldPresence2[FeatureSet_FieldPresence2["IMPLICIT"] = 2] = "IMPLICIT";
  FeatureSet_FieldPresence2[FeatureSet_FieldPresence2["LEGACY_REQUIRED"] = 3] = "LEGACY_REQUIRED";
})(FeatureSet_FieldPresence || (FeatureSet_FieldPresence = {}));
var FeatureSet_EnumType;
(function(FeatureSet_EnumType2) {
  FeatureSet_EnumType2[FeatureSet_EnumType2["ENUM_TYPE_UNKNOWN"] = 0] = "ENUM_TYPE_UNKNOWN";
  FeatureSet_EnumType2[FeatureSet_EnumType2["OPEN"] = 1] = "OPEN";
  FeatureSet_EnumType2[FeatureSet_EnumType2["CLOSED"] = 2] = "CLOSED";
})(FeatureSet_EnumType || (FeatureSet_EnumType = {}));
var FeatureSet_RepeatedFieldEncoding;
(function(FeatureSet_RepeatedFieldEncoding2) {
  FeatureSet_RepeatedFieldEncoding2[FeatureSet_RepeatedFieldEncoding2["REPEATED_FIELD_ENCODING_UNKNOWN"] = 0] = "REPEATED_FIELD_ENCODING_UNKNOWN";
  FeatureSet_RepeatedFieldEncoding2[FeatureSet_RepeatedFieldEncoding2["PACKED"] = 1] = "PACKED";
  FeatureSet_RepeatedFieldEncoding2[FeatureSet_RepeatedFieldEncoding2["EXPANDED"] = 2] = "EXPANDED";
})(FeatureSet_RepeatedFieldEncoding || (FeatureSet_RepeatedFieldEncoding = {}));
var FeatureSet_Utf8Validation;
(function(FeatureSet_Utf8Validation2) {
  FeatureSet_Utf8Validation2[FeatureSet_Utf8Validation2["UTF8_VALIDATION_UNKNOWN"] = 0] = "UTF8_VALIDATION_UNKNOWN";
  FeatureSet_Utf8Validation2[FeatureSet_Utf8Validation2["VERIFY"] = 2] = "VERIFY";
  FeatureSet_Utf8Validation2[FeatureSet_Utf8Validation2["NONE"] = 3] = "NONE";
})(FeatureSet_Utf8Validation || (FeatureSet_Utf8Validation = {}));
var FeatureSet_MessageEncoding;
(function(FeatureSet_MessageEncoding2) {
  FeatureSet_MessageEncoding2[FeatureSet_MessageEncoding2["MESSAGE_ENCODING_UNKNOWN"] = 0] = "MESSAGE_ENCODING_UNKNOWN";
  FeatureSet_MessageEncoding2[FeatureSet_MessageEncoding2["LENGTH_PREFIXED"] = 1] = "LENGTH_PREFIXED";
  FeatureSet_MessageEncoding2[FeatureSet_MessageEncoding2["DELIMITED"] = 2] = "DELIMITED";
})(FeatureSet_MessageEncoding || (FeatureSet_MessageEncoding = {}));
var FeatureSet_JsonFormat;
(function(FeatureSet_JsonFormat2) {
  FeatureSet_JsonFormat2[FeatureSet_JsonFormat2["JSON_FORMAT_UNKNOWN"] = 0] = "JSON_FORMAT_UNKNOWN";
  FeatureSet_JsonFormat2[FeatureSet_JsonFormat2["ALLOW"] = 1] = "ALLOW";
  FeatureSet_JsonFormat2[FeatureSet_JsonFormat2["LEGACY_BEST_EFFORT"] = 2] = "LEGACY_BEST_EFFORT";
})(FeatureSet_JsonFormat || (FeatureSet_JsonFormat = {}));
var FeatureSet_EnforceNamingStyle;
(function(FeatureSet_EnforceNamingStyle2) {
  FeatureSet_EnforceNamingStyle2[FeatureSet_EnforceNamingStyle2["ENFORCE_NAMING_STYLE_UNKNOWN"] = 0] = "ENFORCE_NAMING_STYLE_UNKNOWN";
  FeatureSet_EnforceNamingStyle2[FeatureSet_EnforceNamingStyle2["STYLE2024"] = 1] = "STYLE2024";
  FeatureSet_EnforceNamingStyle2[FeatureSet_EnforceNamingStyle2["STYLE_LEGACY"] = 2] = "STYLE_LEGACY";
  FeatureSet_EnforceNamingStyle2[FeatureSet_EnforceNamingStyle2["STYLE2026"] = 3] = "STYLE2026";
})(FeatureSet_EnforceNamingStyle || (FeatureSet_EnforceNamingStyle = {}));
var GeneratedCodeInfo_Annotation_Semantic;
(function(GeneratedCodeInfo_Annotation_Semantic2) {
  GeneratedCodeInfo_Annotation_Semantic2[GeneratedCodeInfo_Annotation_Semantic2["NONE"] = 0] = "NONE";
  GeneratedCodeInfo_Annotation_Semantic2[GeneratedCodeInfo_Annotation_Semantic2["SET"] = 1] = "SET";
  GeneratedCodeInfo_Annotation_Semantic2[GeneratedCodeInfo_Annotation_Semantic2["ALIAS"] = 2] = "ALIAS";
})(GeneratedCodeInfo_Annotation_Semantic || (GeneratedCodeInfo_Annotation_Semantic = {}));
var Edition;
(function(Edition2) {
  Edition2[Edition2["EDITION_UNKNOWN"] = 0] = "EDITION_UNKNOWN";
  Edition2[Edition2["EDITION_LEGACY"] = 900] = "EDITION_LEGACY";
  Edition2[Edition2["EDITION_PROTO2"] = 998] = "EDITION_PROTO2";
  Edition2[Edition2["EDITION_PROTO3"] = 999] = "EDITION_PROTO3";
  Edition2[Edition2["EDITION_2023"] = 1e3] = "EDITION_2023";
  Edition2[Edition2["EDITION_2024"] = 1001] = "EDITION_2024";
  Edition2[Edition2["EDITION_2026"] = 1002] = "EDITION_2026";
  Edition2[Edition2["EDITION_UNSTABLE"] = 9999] = "EDITION_UNSTABLE";
  Edition2[Edition2["EDITION_1_TEST_ONLY"] = 1] = "EDITION_1_TEST_ONLY";
  Edition2[Edition2["EDITION_2_TEST_ONLY"] = 2] = "EDITION_2_TEST_ONLY";
  Edition2[Edition2["EDITION_99997_TEST_ONLY"] = 99997] = "EDITION_99997_TEST_ONLY";
  Edition2[Edition2["EDITION_99998_TEST_ONLY"] = 99998] = "EDITION_99998_TEST_ONLY";
  Edition2[Edition2["EDITION_99999_TEST_ONLY"] = 99999] = "EDITION_99999_TEST_ONLY";
  Edition2[Edition2["EDITION_MAX"] = 2147483647] = "EDITION_MAX";
})(Edition || (Edition = {}));
var SymbolVisibility;
(function(SymbolVisibility2) {
  SymbolVisibility2[SymbolVisibility2["VISIBILITY_UNSET"] = 0] = "VISIBILITY_UNSET";
  SymbolVisibility2[SymbolVisibility2["VISIBILITY_LOCAL"] = 1] = "VISIBILITY_LOCAL";
  SymbolVisibility2[SymbolVisibility2["VISIBILITY_EXPORT"] = 2] = "VISIBILITY_EXPORT";
})(SymbolVisibility || (SymbolVisibility = {}));

// node_modules/@bufbuild/protobuf/dist/esm/from-binary.js
function makeReadContext(options) {
  return Object.assign(Object.assign({ readUnknownFields: true, recursionLimit: 100 }, options), { depth: 0 });
}
function fromBinary(schema, bytes, options) {
  const message = create(schema);
  compiledReader(schema).read(message, new BinaryReader(bytes), makeReadContext(options), bytes.byteLength);
  return message;
}
var compiledReaders = /* @__PURE__ */ new WeakMap();
function compiledReader(desc) {
  let compiled = compiledReaders.get(desc);
  if (compiled === void 0) {
    compiled = compileMessage(desc);
  }
  return compiled;
}
function compileMessage(desc) {
  const descString = String(desc);
  const fieldReaders = /* @__PURE__ */ new Map();
  const compiled = {
    read: compileMessageReader(descString, fieldReaders),
    readGroup: compileGroupReader(descString, fieldReaders)
  };
  compiledReaders.set(desc, compiled);
  for (const field of desc.fields) {
    fieldReaders.set(field.number, compileFieldReader(field));
  }
  return compiled;
}
function compileMessageReader(descString, fieldReaders) {
  return (message, reader, ctx, length) => {
    var _a;
    if (++ctx.depth > ctx.recursionLimit) {
      throw new Error(`cannot decode ${descString} from binary: maximum recursion depth of ${ctx.recursionLimit} reached`);
    }
    const end = reader.pos + length;
    const unknownFields = (_a = message.$unknown) !== null && _a !== void 0 ? _a : [];
    while (reader.pos < end) {
      const [fieldNo, wireType] = reader.tag();
      const fieldReader = fieldReaders.get(fieldNo);
      if (fieldReader === void 0) {
        const data = reader.skip(wireType, fieldNo, ctx.recursionLimit - ctx.depth);
        if (ctx.readUnknownFields) {
          unknownFields.push({ no: fieldNo, wireType, data });
        }
        continue;
      }
      fieldReader(message, reader, ctx, wireType);
    }
    if (unknownFields.length > 0) {
      message.$unknown = unknownFields;
    }
    ctx.depth--;
  };
}
function compileGroupReader(descString, fieldReaders) {
  return (message, reader, ctx, fieldNo) => {
    var _a;
    if (++ctx.depth > ctx.recursionLimit) {
      throw new Error(`cannot decode ${descString} from binary: maximum recursion depth of ${ctx.recursionLimit} reached`);
    }
    let recordFieldNo;
    let wireType;
    const unknownFields = (_a = message.$unknown) !== null && _a !== void 0 ? _a : [];
    while (reader.pos < reader.len) {
      [recordFieldNo, wireType] = reader.tag();
      if (wireType == WireType.EndGroup) {
        break;
      }
      const fieldReader = fieldReaders.get(recordFieldNo);
      if (fieldReader === void 0) {
        const data = reader.skip(wireType, recordFieldNo, ctx.recursionLimit - ctx.depth);
        if (ctx.readUnknownFields) {
          unknownFields.push({ no: recordFieldNo, wireType, data });
        }
        continue;
      }
      fieldReader(message, reader, ctx, wireType);
    }
    if (wireType != WireType.EndGroup || recordFieldNo !== fieldNo) {
      throw new Error("invalid end group tag");
    }
    if (unknownFields.length > 0) {
      message.$unknown = unknownFields;
    }
    ctx.depth--;
  };
}
function compileFieldReader(field) {
  switch (field.fieldKind) {
    case "scalar":
      return compileScalarFieldReader(field);
    case "enum":
      return compileEnumFieldReader(field);
    case "message":
      return compileMessageFieldReader(field);
    case "list":
      return compileListFieldReader(field);
    case "map":
      return compileMapFieldReader(field);
  }
}
function compileScalarFieldReader(field) {
  const readScalar = compileScalarReader(field.scalar, field.utf8Validation, field.longAsString);
  const localName = field.localName;
  if (field.oneof) {
    const oneofLocalName = field.oneof.localName;
    return (message, reader) => {
      message[oneofLocalName] = {
        case: localName,
        value: readScalar(reader)
      };
    };
  }
  return (message, reader) => {
    message[localName] = readScalar(reader);
  };
}
function compileEnumFieldReader(field) {
  var _a;
  const localName = field.localName;
  const oneofLocalName = (_a = field.oneof) === null || _a === void 0 ? void 0 : _a.localName;
  if (field.enum.open) {
    if (oneofLocalName !== void 0) {
      return (message, reader) => {
        message[oneofLocalName] = { case: localName, value: reader.int32() };
      };
    }
    return (message, reader) => {
      message[localName] = reader.int32();
    };
  }
  const values = field.enum.values;
  const fieldNo = field.number;
  return (message, reader, ctx, wireType) => {
    var _a2;
    const val = reader.int32();
    if (values.some((v) => v.number === val)) {
      if (oneofLocalName !== void 0) {
        message[oneofLocalName] = { case: localName, value: val };
      } else {
        message[localName] = val;
      }
    } else if (ctx.readUnknownFields) {
      const bytes = [];
      varint32write(val, bytes);
      const unknownFields = (_a2 = message.$unknown) !== null && _a2 !== void 0 ? _a2 : [];
      unknownFields.push({
        no: fieldNo,
        wireType,
        data: new Uint8Array(bytes)
      });
      message.$unknown = unknownFields;
    }
  };
}
function compileMessageFieldReader(field) {
  const localName = field.localName;
  const { toMessage, toLocal } = localMessageMapper(field);
  const readChild = compileChildReader(field);
  if (field.oneof) {
    const oneofLocalName = field.oneof.localName;
    return (message, reader, ctx) => {
      const oneof = message[oneofLocalName];
      const child = toMessage(oneof.case === localName ? oneof.value : void 0);
      readChild(child, reader, ctx);
      message[oneofLocalName] = { case: localName, value: toLocal(child) };
    };
  }
  return (message, reader, ctx) => {
    const child = toMessage(message[localName]);
    readChild(child, reader, ctx);
    message[localName] = toLocal(child);
  };
}
function compileChildReader(field) {
  const compiledChild = compiledReader(field.message);
  if (field.delimitedEncoding) {
    const fieldNo = field.number;
    return (child, reader, ctx) => compiledChild.readGroup(child, reader, ctx, fieldNo);
  }
  return (child, reader, ctx) => compiledChild.read(child, reader, ctx, reader.uint32());
}
function compileListFieldReader(field) {
  const localName = field.localName;
  if (field.listKind == "message") {
    const { toMessage, toLocal } = localMessageMapper(field);
    const readChild = compileChildReader(field);
    return (message, reader, ctx) => {
      const child = toMessage(void 0);
      readChild(child, reader, ctx);
      message[localName].push(toLocal(child));
    };
  }
  const scalarType = field.listKind == "enum" ? ScalarType.INT32 : field.scalar;
  const longAsString = field.listKind == "scalar" ? field.longAsString : false;
  const readScalar = compileScalarReader(scalarType, field.utf8Validation, longAsString);
  const packedPossible = scalarType != ScalarType.STRING && scalarType != ScalarType.BYTES;
  return (message, reader, ctx, wireType) => {
    const items = message[localName];
    if (wireType == WireType.LengthDelimited && packedPossible) {
      const end = reader.uint32() + reader.pos;
      while (reader.pos < end) {
        items.push(readScalar(reader));
      }
    } else {
      items.push(readScalar(reader));
    }
  };
}
function compileMapFieldReader(field) {
  const localName = field.localName;
  const readKey = compileScalarReader(field.mapKey, field.utf8Validation, false);
  const keyZero = scalarZeroValue(field.mapKey, false);
  let readValue;
  let valueDefault;
  switch (field.mapKind) {
    case "scalar": {
      const scalar = field.scalar;
      const readScalar = compileScalarReader(scalar, field.utf8Validation, false);
      readValue = (reader) => readScalar(reader);
      if (scalar == ScalarType.BYTES) {
        valueDefault = () => new Uint8Array(0);
      } else {
        const zero = scalarZeroValue(scalar, false);
        valueDefault = () => zero;
      }
      break;
    }
    case "enum": {
      const zero = field.enum.values[0].number;
      readValue = (reader) => reader.int32();
      valueDefault = () => zero;
      break;
    }
    case "message": {
      const { toMessage, toLocal } = localMessageMapper(field);
      const readChild = compiledReader(field.message).read;
      readValue = (reader, ctx, existing) => {
        const child = toMessage(existing);
        readChild(child, reader, ctx, reader.uint32());
        return toLocal(child);
      };
      valueDefault = () => toLocal(toMessage(void 0));
      break;
    }
  }
  return (message, reader, ctx) => {
    const record = message[localName];
    let key;
    let val;
    const len = reader.uint32();
    const end = reader.pos + len;
    while (reader.pos < end) {
      const [fieldNo, wireType] = reader.tag();
      switch (fieldNo) {
        case 1:
          key = readKey(reader);
          break;
        case 2:
          val = readValue(reader, ctx, val);
          break;
        default:
          reader.skip(wireType, fieldNo, ctx.recursionLimit - ctx.depth);
      }
    }
    if (key === void 0) {
      key = keyZero;
    }
    if (val === void 0) {
      val = valueDefault();
    }
    setOwn(record, key, val);
  };
}
function compileScalarReader(type, utf8Validation, longAsString) {
  switch (type) {
    case ScalarType.STRING:
      return (reader) => reader.string(utf8Validation);
    case ScalarType.BOOL:
      return (reader) => reader.bool();
    case ScalarType.DOUBLE:
      return (reader) => reader.double();
    case ScalarType.FLOAT:
      return (reader) => reader.float();
    case ScalarType.INT32:
      return (reader) => reader.int32();
    case ScalarType.INT64:
      if (longAsString) {
        return (reader) => String(reader.int64());
      }
      return (reader) => reader.int64();
    case ScalarType.UINT64:
      if (longAsString) {
        return (reader) => String(reader.uint64());
      }
      return (reader) => reader.uint64();
    case ScalarType.FIXED64:
      if (longAsString) {
        return (reader) => String(reader.fixed64());
      }
      return (reader) => reader.fixed64();
    case ScalarType.BYTES:
      return (reader) => reader.bytes();
    case ScalarType.FIXED32:
      return (reader) => reader.fixed32();
    case ScalarType.SFIXED32:
      return (reader) => reader.sfixed32();
    case ScalarType.SFIXED64:
      if (longAsString) {
        return (reader) => String(reader.sfixed64());
      }
      return (reader) => reader.sfixed64();
    case ScalarType.SINT64:
      if (longAsString) {
        return (reader) => String(reader.sint64());
      }
      return (reader) => reader.sint64();
    case ScalarType.UINT32:
      return (reader) => reader.uint32();
    case ScalarType.SINT32:
      return (reader) => reader.sint32();
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/file.js
function fileDesc(b64, imports) {
  var _a;
  const root = fromBinary(FileDescriptorProtoSchema, base64Decode(b64));
  root.messageType.forEach(restoreJsonNames);
  root.dependency = (_a = imports === null || imports === void 0 ? void 0 : imports.map((f) => f.proto.name)) !== null && _a !== void 0 ? _a : [];
  const reg = createEmbeddedFileRegistry(root, (protoFileName) => imports === null || imports === void 0 ? void 0 : imports.find((f) => f.proto.name === protoFileName));
  return reg.getFile(root.name);
}

// node_modules/@bufbuild/protobuf/dist/esm/to-binary.js
var IMPLICIT3 = 2;
var LEGACY_REQUIRED2 = 3;
var writeDefaults = {
  writeUnknownFields: true
};
function makeWriteOptions(options) {
  return options ? Object.assign(Object.assign({}, writeDefaults), options) : writeDefaults;
}
function toBinary(schema, message, options) {
  const writer = new BinaryWriter();
  compiledWriter(schema)(writer, makeWriteOptions(options), message);
  return writer.finish();
}
var compiledWriters = /* @__PURE__ */ new WeakMap();
function compiledWriter(desc) {
  let compiled = compiledWriters.get(desc);
  if (compiled === void 0) {
    compiled = compileMessage2(desc);
  }
  return compiled;
}
function compileMessage2(desc) {
  const typeName = desc.typeName;
  const sortedFields = desc.fields.concat().sort((a, b) => a.number - b.number);
  const foreignField = sortedFields[0];
  const fieldWriters = [];
  const compiled = (writer, opts, message) => {
    if (message.$typeName !== typeName && foreignField !== void 0) {
      throw new FieldError(foreignField, `cannot use ${foreignField} with message ${message.$typeName}`, "ForeignFieldError");
    }
    for (let i = 0; i < fieldWriters.length; i++) {
      fieldWriters[i](writer, opts, message);
    }
    const unknown = message.$unknown;
    if (unknown !== void 0 && opts.writeUnknownFields) {
      for (let i = 0; i < unknown.length; i++) {
        const { no, wireType, data } = unknown[i];
        writer.tag(no, wireType).raw(data);
      }
    }
  };
  compiledWriters.set(desc, compiled);
  for (const field of sortedFields) {
    fieldWriters.push(compileField(field));
  }
  return compiled;
}
function compileField(field) {
  switch (field.fieldKind) {
    case "message":
    case "scalar":
    case "enum":
      return compileSingularField(field);
    case "list":
      return compileListField(field);
    case "map":
      return compileMapField(field);
  }
}
function compileSingularField(field) {
  const writeValue = compileSingularValue(field);
  const localName = field.localName;
  if (field.oneof) {
    const oneofLocalName = field.oneof.localName;
    return (writer, opts, message) => {
      const oneof = message[oneofLocalName];
      if (oneof.case === localName) {
        writeValue(writer, opts, oneof.value);
      }
    };
  }
  if (field.presence != IMPLICIT3) {
    const requiredError = field.presence == LEGACY_REQUIRED2 ? `cannot encode ${field} to binary: required field not set` : void 0;
    return (writer, opts, message) => {
      const value = message[localName];
      if (value !== void 0 && Object.prototype.hasOwnProperty.call(message, localName)) {
        writeValue(writer, opts, value);
      } else if (requiredError !== void 0) {
        throw new Error(requiredError);
      }
    };
  }
  if (field.fieldKind == "enum") {
    const zero = field.enum.values[0].number;
    return (writer, opts, message) => {
      const value = message[localName];
      if (value !== zero) {
        writeValue(writer, opts, value);
      }
    };
  }
  switch (field.scalar) {
    case ScalarType.BOOL:
      return (writer, opts, message) => {
        const value = message[localName];
        if (value !== false) {
          writeValue(writer, opts, value);
        }
      };
    case ScalarType.STRING:
      return (writer, opts, message) => {
        const value = message[localName];
        if (value !== "") {
          writeValue(writer, opts, value);
        }
      };
    case ScalarType.BYTES:
      return (writer, opts, message) => {
        const value = message[localName];
        if (!(value instanceof Uint8Array) || value.byteLength > 0) {
          writeValue(writer, opts, value);
        }
      };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (writer, opts, message) => {
        const value = message[localName];
        if (!Object.is(value, 0)) {
          writeValue(writer, opts, value);
        }
      };
    default:
      return (writer, opts, message) => {
        const value = message[localName];
        if (value != 0) {
          writeValue(writer, opts, value);
        }
      };
  }
}
function compileSingularValue(field) {
  switch (field.fieldKind) {
    case "message": {
      const { toMessage } = localMessageMapper(field);
      const writeChild = compileChildWriter(field);
      return (writer, opts, value) => {
        writeChild(writer, opts, toMessage(value));
      };
    }
    case "scalar":
    case "enum": {
      const scalarType = field.fieldKind == "enum" ? ScalarType.INT32 : field.scalar;
      const fieldNo = field.number;
      const wireType = writeTypeOfScalar(scalarType);
      const writeScalar = compileScalarValue(scalarType, field.parent.typeName, field.name);
      return (writer, opts, value) => {
        writer.tag(fieldNo, wireType);
        writeScalar(writer, value);
      };
    }
  }
}
function compileListField(field) {
  const localName = field.localName;
  const fieldNo = field.number;
  switch (field.listKind) {
    case "message": {
      const { toMessage } = localMessageMapper(field);
      const writeChild = compileChildWriter(field);
      return (writer, opts, message) => {
        const items = message[localName];
        for (let i = 0; i < items.length; i++) {
          writeChild(writer, opts, toMessage(items[i]));
        }
      };
    }
    case "scalar":
    case "enum": {
      const scalarType = field.listKind == "enum" ? ScalarType.INT32 : field.scalar;
      const writeScalar = compileScalarValue(scalarType, field.parent.typeName, field.name);
      if (field.packed) {
        return (writer, opts, message) => {
          const items = message[localName];
          if (items.length == 0) {
            return;
          }
          writer.tag(fieldNo, WireType.LengthDelimited).fork();
          for (let i = 0; i < items.length; i++) {
            writeScalar(writer, items[i]);
          }
          writer.join();
        };
      }
      const wireType = writeTypeOfScalar(scalarType);
      return (writer, opts, message) => {
        const items = message[localName];
        for (let i = 0; i < items.length; i++) {
          writer.tag(fieldNo, wireType);
          writeScalar(writer, items[i]);
        }
      };
    }
  }
}
function compileMapField(field) {
  const localName = field.localName;
  const fieldNo = field.number;
  const writeKey = compileMapKey(field);
  if (field.mapKind == "message") {
    const { toMessage } = localMessageMapper(field);
    const writeMessage = compiledWriter(field.message);
    return (writer, opts, message) => {
      const record = message[localName];
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        writer.tag(fieldNo, WireType.LengthDelimited).fork();
        writeKey(writer, key);
        writer.tag(2, WireType.LengthDelimited).fork();
        writeMessage(writer, opts, toMessage(record[key]));
        writer.join();
        writer.join();
      }
    };
  }
  const scalarType = field.mapKind == "enum" ? ScalarType.INT32 : field.scalar;
  const valueWireType = writeTypeOfScalar(scalarType);
  const writeScalar = compileScalarValue(scalarType, field.parent.typeName, field.name);
  return (writer, opts, message) => {
    const record = message[localName];
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      writer.tag(fieldNo, WireType.LengthDelimited).fork();
      writeKey(writer, key);
      writer.tag(2, valueWireType);
      writeScalar(writer, record[key]);
      writer.join();
    }
  };
}
function compileMapKey(field) {
  const wireType = writeTypeOfScalar(field.mapKey);
  const writeScalar = compileScalarValue(field.mapKey, field.parent.typeName, field.name);
  const convertKey = compileMapKeyConverter(field.mapKey);
  return (writer, key) => {
    writer.tag(1, wireType);
    writeScalar(writer, convertKey(key));
  };
}
function compileMapKeyConverter(type) {
  switch (type) {
    case ScalarType.STRING:
      return (key) => key;
    case ScalarType.BOOL:
      return (key) => key === "true" ? true : key === "false" ? false : key;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return (key) => {
        try {
          return protoInt64.uParse(key);
        } catch (_a) {
          return key;
        }
      };
    case ScalarType.INT64:
    case ScalarType.SFIXED64:
    case ScalarType.SINT64:
      return (key) => {
        try {
          return protoInt64.parse(key);
        } catch (_a) {
          return key;
        }
      };
    default:
      return (key) => {
        const n = Number.parseInt(key);
        return Number.isFinite(n) ? n : key;
      };
  }
}
function compileScalarValue(type, messageName, fieldName) {
  const writeScalar = compileScalarWrite(type);
  return (writer, value) => {
    try {
      writeScalar(writer, value);
    } catch (e) {
      if (e instanceof Error) {
        throw new Error(`cannot encode field ${messageName}.${fieldName} to binary: ${e.message}`);
      }
      throw e;
    }
  };
}
function compileScalarWrite(type) {
  switch (type) {
    case ScalarType.STRING:
      return (writer, value) => writer.string(value);
    case ScalarType.BOOL:
      return (writer, value) => writer.bool(value);
    case ScalarType.DOUBLE:
      return (writer, value) => writer.double(value);
    case ScalarType.FLOAT:
      return (writer, value) => writer.float(value);
    case ScalarType.INT32:
      return (writer, value) => writer.int32(value);
    case ScalarType.INT64:
      return (writer, value) => writer.int64(value);
    case ScalarType.UINT64:
      return (writer, value) => writer.uint64(value);
    case ScalarType.FIXED64:
      return (writer, value) => writer.fixed64(value);
    case ScalarType.BYTES:
      return (writer, value) => writer.bytes(value);
    case ScalarType.FIXED32:
      return (writer, value) => writer.fixed32(value);
    case ScalarType.SFIXED32:
      return (writer, value) => writer.sfixed32(value);
    case ScalarType.SFIXED64:
      return (writer, value) => writer.sfixed64(value);
    case ScalarType.SINT64:
      return (writer, value) => writer.sint64(value);
    case ScalarType.UINT32:
      return (writer, value) => writer.uint32(value);
    case ScalarType.SINT32:
      return (writer, value) => writer.sint32(value);
  }
}
function compileChildWriter(field) {
  const fieldNo = field.number;
  const writeMessage = compiledWriter(field.message);
  if (field.delimitedEncoding) {
    return (writer, opts, child) => {
      writer.tag(fieldNo, WireType.StartGroup);
      writeMessage(writer, opts, child);
      writer.tag(fieldNo, WireType.EndGroup);
    };
  }
  return (writer, opts, child) => {
    writer.tag(fieldNo, WireType.LengthDelimited).fork();
    writeMessage(writer, opts, child);
    writer.join();
  };
}
function writeTypeOfScalar(type) {
  switch (type) {
    case ScalarType.BYTES:
    case ScalarType.STRING:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
    case ScalarType.FLOAT:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/extension.js
function extDesc(file, path, ...paths) {
  if (paths.length == 0) {
    return file.extensions[path];
  }
  const e = paths.pop();
  return paths.reduce((acc, cur) => acc.nestedMessages[cur], file.messages[path]).nestedExtensions[e];
}

// src/gen/chorus/v1/message_pb.ts
var file_chorus_v1_message = /* @__PURE__ */ fileDesc("ChdjaG9ydXMvdjEvbWVzc2FnZS5wcm90bxIJY2hvcnVzLnYxIk8KBUVycm9yEiIKBGNvZGUYASABKA4yFC5jaG9ydXMudjEuRXJyb3JDb2RlEg8KB21lc3NhZ2UYAiABKAkSEQoJdGVtcG9yYXJ5GAMgASgIIsoBCgRVc2VyEgoKAmlkGAEgASgJEgwKBG5hbWUYAiABKAkSEgoKYXZhdGFyX3VybBgDIAEoCRIzCgphdHRyaWJ1dGVzGAQgAygLMh8uY2hvcnVzLnYxLlVzZXIuQXR0cmlidXRlc0VudHJ5EhUKDWNyZWF0ZWRfYXRfbXMYBSABKAMSFQoNdXBkYXRlZF9hdF9tcxgGIAEoAxoxCg9BdHRyaWJ1dGVzRW50cnkSCwoDa2V5GAEgASgJEg0KBXZhbHVlGAIgASgJOgI4ASJSCgtVc2VyUHJvZmlsZRIKCgJpZBgBIAEoCRIMCgRuYW1lGAIgASgJEhIKCmF2YXRhcl91cmwYAyABKAkSFQoNdXBkYXRlZF9hdF9tcxgEIAEoAyIUCgRUZXh0EgwKBHRleHQYASABKAkirQEKBU1lZGlhEiIKBGtpbmQYASABKA4yFC5jaG9ydXMudjEuTWVkaWFLaW5kEgsKA3VybBgCIAEoCRIMCgRtaW1lGAMgASgJEgwKBHNpemUYBCABKAQSDQoFd2lkdGgYBSABKA0SDgoGaGVpZ2h0GAYgASgNEhMKC2R1cmF0aW9uX21zGAcgASgNEgwKBG5hbWUYCCABKAkSFQoNdGh1bWJuYWlsX3VybBgJIAEoCSIkCgZDdXN0b20SDAoEdHlwZRgBIAEoCRIMCgRkYXRhGAIgASgMIqgBCgdDb250ZW50Eh8KBHRleHQYASABKAsyDy5jaG9ydXMudjEuVGV4dEgAEiEKBW1lZGlhGAIgASgLMhAuY2hvcnVzLnYxLk1lZGlhSAASIwoGY3VzdG9tGAMgASgLMhEuY2hvcnVzLnYxLkN1c3RvbUgAEiwKC2dyb3VwX2V2ZW50GAQgASgLMhUuY2hvcnVzLnYxLkdyb3VwRXZlbnRIAEIGCgRib2R5IoYECgpHcm91cEV2ZW50EigKBGtpbmQYASABKA4yGi5jaG9ydXMudjEuR3JvdXBFdmVudC5LaW5kEhAKCGFjdG9yX2lkGAIgASgJEhAKCHVzZXJfaWRzGAMgAygJEgwKBG5hbWUYBCABKAkSEgoKYXZhdGFyX3VybBgFIAEoCRIqCgtqb2luX3BvbGljeRgGIAEoDjIVLmNob3J1cy52MS5Kb2luUG9saWN5Eg0KBW11dGVkGAcgASgIEiIKBHJvbGUYCCABKA4yFC5jaG9ydXMudjEuR3JvdXBSb2xlEhYKDm11dGVkX3VudGlsX21zGAkgASgDIpACCgRLaW5kEhQKEEtJTkRfVU5TUEVDSUZJRUQQABIQCgxLSU5EX0NSRUFURUQQARIQCgxLSU5EX1VQREFURUQQAhIWChJLSU5EX01FTUJFUlNfQURERUQQAxIYChRLSU5EX01FTUJFUlNfUkVNT1ZFRBAEEhQKEEtJTkRfTUVNQkVSX0xFRlQQBRIWChJLSU5EX01FTUJFUl9KT0lORUQQBhIVChFLSU5EX1JPTEVfQ0hBTkdFRBAHEhYKEktJTkRfT1dORVJfQ0hBTkdFRBAIEhUKEUtJTkRfTUVNQkVSX01VVEVEEAkSFAoQS0lORF9HUk9VUF9NVVRFRBAKEhIKDktJTkRfRElTU09MVkVEEAsi0QEKB01lc3NhZ2USCgoCaWQYASABKAMSFwoPY29udmVyc2F0aW9uX2lkGAIgASgJEgsKA3NlcRgDIAEoBBIRCglzZW5kZXJfaWQYBCABKAkSFQoNY2xpZW50X21zZ19pZBgFIAEoCRIWCg5zZXJ2ZXJfdGltZV9tcxgGIAEoAxIjCgdjb250ZW50GAcgASgLMhIuY2hvcnVzLnYxLkNvbnRlbnQSGAoQbWVudGlvbl91c2VyX2lkcxgIIAMoCRITCgttZW50aW9uX2FsbBgJIAEoCCLkAwoMQ29udmVyc2F0aW9uEgoKAmlkGAEgASgJEikKBGtpbmQYAiABKA4yGy5jaG9ydXMudjEuQ29udmVyc2F0aW9uS2luZBIUCgxwZWVyX3VzZXJfaWQYAyABKAkSEAoIbGFzdF9zZXEYBCABKAQSEAoIcmVhZF9zZXEYBSABKAQSFQoNZGVsaXZlcmVkX3NlcRgGIAEoBBIUCgx1bnJlYWRfY291bnQYByABKAQSKAoMbGFzdF9tZXNzYWdlGAggASgLMhIuY2hvcnVzLnYxLk1lc3NhZ2USFQoNdXBkYXRlZF9hdF9tcxgJIAEoAxIVCg1tZW50aW9uX2NvdW50GAogASgEEg4KBnBpbm5lZBgLIAEoCBINCgVtdXRlZBgMIAEoCBIPCgd2ZXJzaW9uGA0gASgEEgwKBG5hbWUYDiABKAkSEgoKYXZhdGFyX3VybBgPIAEoCRIUCgxtZW1iZXJfY291bnQYECABKA0SIgoEcm9sZRgRIAEoDjIULmNob3J1cy52MS5Hcm91cFJvbGUSDAoEbGVmdBgSIAEoCBIRCglkaXNzb2x2ZWQYEyABKAgSFQoNcGVlcl9yZWFkX3NlcRgUIAEoBBIaChJwZWVyX2RlbGl2ZXJlZF9zZXEYFSABKAQi7QIKBUdyb3VwEgoKAmlkGAEgASgJEhcKD2NvbnZlcnNhdGlvbl9pZBgCIAEoCRIMCgRuYW1lGAMgASgJEhIKCmF2YXRhcl91cmwYBCABKAkSNAoKYXR0cmlidXRlcxgFIAMoCzIgLmNob3J1cy52MS5Hcm91cC5BdHRyaWJ1dGVzRW50cnkSKgoLam9pbl9wb2xpY3kYBiABKA4yFS5jaG9ydXMudjEuSm9pblBvbGljeRINCgVtdXRlZBgHIAEoCBIQCghvd25lcl9pZBgIIAEoCRIUCgxtZW1iZXJfY291bnQYCSABKA0SEQoJZGlzc29sdmVkGAogASgIEhAKCGxhc3Rfc2VxGAsgASgEEhUKDWNyZWF0ZWRfYXRfbXMYDCABKAMSFQoNdXBkYXRlZF9hdF9tcxgNIAEoAxoxCg9BdHRyaWJ1dGVzRW50cnkSCwoDa2V5GAEgASgJEg0KBXZhbHVlGAIgASgJOgI4ASKtAQoLR3JvdXBNZW1iZXISDwoHdXNlcl9pZBgBIAEoCRIiCgRyb2xlGAIgASgOMhQuY2hvcnVzLnYxLkdyb3VwUm9sZRIWCg5tdXRlZF91bnRpbF9tcxgDIAEoAxIUCgxqb2luZWRfYXRfbXMYBCABKAMSEgoKam9pbmVkX3NlcRgFIAEoBBIQCghyZWFkX3NlcRgGIAEoBBIVCg1kZWxpdmVyZWRfc2VxGAcgASgEKp4ICglFcnJvckNvZGUSGgoWRVJST1JfQ09ERV9VTlNQRUNJRklFRBAAEh8KFEVSUk9SX0NPREVfQkFEX0ZSQU1FEOgHGgSQtRgDEiUKGkVSUk9SX0NPREVfRlJBTUVfVE9PX0xBUkdFEOkHGgSQtRgDEiMKGEVSUk9SX0NPREVfVU5LTk9XTl9GUkFNRRDqBxoEkLUYDBImChtFUlJPUl9DT0RFX0lOVkFMSURfQVJHVU1FTlQQ6wcaBJC1GAMSJwocRVJST1JfQ09ERV9OT1RfQVVUSEVOVElDQVRFRBDsBxoEkLUYEBIrCiBFUlJPUl9DT0RFX0FMUkVBRFlfQVVUSEVOVElDQVRFRBDtBxoEkLUYCRInChxFUlJPUl9DT0RFX0NPTlRFTlRfVE9PX0xBUkdFEO4HGgSQtRgDEicKHEVSUk9SX0NPREVfUkVRVUVTVF9UT09fTEFSR0UQ7wcaBJC1GAMSIwoYRVJST1JfQ09ERV9UT0tFTl9JTlZBTElEENAPGgSQtRgQEiMKGEVSUk9SX0NPREVfVE9LRU5fRVhQSVJFRBDRDxoEkLUYEBIlChpFUlJPUl9DT0RFX0FQSV9LRVlfSU5WQUxJRBDSDxoEkLUYEBInChxFUlJPUl9DT0RFX1BFUk1JU1NJT05fREVOSUVEENMPGgSQtRgHEhsKEEVSUk9SX0NPREVfTVVURUQQ1A8aBJC1GAcSJAoZRVJST1JfQ09ERV9VU0VSX05PVF9GT1VORBC4FxoEkLUYBRIpCh5FUlJPUl9DT0RFX1VTRVJfQUxSRUFEWV9FWElTVFMQuRcaBJC1GAYSLAohRVJST1JfQ09ERV9DT05WRVJTQVRJT05fTk9UX0ZPVU5EELoXGgSQtRgFEiAKFUVSUk9SX0NPREVfTk9UX01FTUJFUhC7FxoEkLUYBxIlChpFUlJPUl9DT0RFX0dST1VQX0RJU1NPTFZFRBC8FxoEkLUYCRIxCiZFUlJPUl9DT0RFX0NPTlZFUlNBVElPTl9BTFJFQURZX0VYSVNUUxC9FxoEkLUYBhIoCh1FUlJPUl9DT0RFX09XTkVSX0NBTk5PVF9MRUFWRRC+FxoEkLUYCRImChdFUlJPUl9DT0RFX1JBVEVfTElNSVRFRBCgHxoIiLUYAZC1GAgSJAoVRVJST1JfQ09ERV9PVkVSTE9BREVEEKEfGgiItRgBkLUYCBIgChVFUlJPUl9DT0RFX0dST1VQX0ZVTEwQoh8aBJC1GAgSIgoTRVJST1JfQ09ERV9JTlRFUk5BTBCIJxoIiLUYAZC1GA0SJQoWRVJST1JfQ09ERV9VTkFWQUlMQUJMRRCJJxoIiLUYAZC1GA4SIQoSRVJST1JfQ09ERV9USU1FT1VUEIonGgiItRgBkLUYBCqOAQoQQ29udmVyc2F0aW9uS2luZBIhCh1DT05WRVJTQVRJT05fS0lORF9VTlNQRUNJRklFRBAAEhwKGENPTlZFUlNBVElPTl9LSU5EX0RJUkVDVBABEhsKF0NPTlZFUlNBVElPTl9LSU5EX0dST1VQEAISHAoYQ09OVkVSU0FUSU9OX0tJTkRfU1lTVEVNEAMqfgoJTWVkaWFLaW5kEhoKFk1FRElBX0tJTkRfVU5TUEVDSUZJRUQQABIUChBNRURJQV9LSU5EX0lNQUdFEAESEwoPTUVESUFfS0lORF9GSUxFEAISFAoQTUVESUFfS0lORF9BVURJTxADEhQKEE1FRElBX0tJTkRfVklERU8QBCpqCglHcm91cFJvbGUSGgoWR1JPVVBfUk9MRV9VTlNQRUNJRklFRBAAEhUKEUdST1VQX1JPTEVfTUVNQkVSEAESFAoQR1JPVVBfUk9MRV9BRE1JThACEhQKEEdST1VQX1JPTEVfT1dORVIQAypcCgpKb2luUG9saWN5EhsKF0pPSU5fUE9MSUNZX1VOU1BFQ0lGSUVEEAASGwoXSk9JTl9QT0xJQ1lfSU5WSVRFX09OTFkQARIUChBKT0lOX1BPTElDWV9PUEVOEAI6QQoJdGVtcG9yYXJ5EiEuZ29vZ2xlLnByb3RvYnVmLkVudW1WYWx1ZU9wdGlvbnMY0YYDIAEoCFIJdGVtcG9yYXJ5OkAKCWdycGNfY29kZRIhLmdvb2dsZS5wcm90b2J1Zi5FbnVtVmFsdWVPcHRpb25zGNKGAyABKA1SCGdycGNDb2RlQjNaMWdpdGh1Yi5jb20vY2hvcnVzLWltL2Nob3J1cy9hcGkvY2hvcnVzdjE7Y2hvcnVzdjFiBnByb3RvMw", [file_google_protobuf_descriptor]);
var ErrorSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 0);
var UserSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 1);
var UserProfileSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 2);
var TextSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 3);
var MediaSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 4);
var CustomSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 5);
var ContentSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 6);
var GroupEventSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 7);
var GroupEvent_Kind = /* @__PURE__ */ ((GroupEvent_Kind2) => {
  GroupEvent_Kind2[GroupEvent_Kind2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  GroupEvent_Kind2[GroupEvent_Kind2["CREATED"] = 1] = "CREATED";
  GroupEvent_Kind2[GroupEvent_Kind2["UPDATED"] = 2] = "UPDATED";
  GroupEvent_Kind2[GroupEvent_Kind2["MEMBERS_ADDED"] = 3] = "MEMBERS_ADDED";
  GroupEvent_Kind2[GroupEvent_Kind2["MEMBERS_REMOVED"] = 4] = "MEMBERS_REMOVED";
  GroupEvent_Kind2[GroupEvent_Kind2["MEMBER_LEFT"] = 5] = "MEMBER_LEFT";
  GroupEvent_Kind2[GroupEvent_Kind2["MEMBER_JOINED"] = 6] = "MEMBER_JOINED";
  GroupEvent_Kind2[GroupEvent_Kind2["ROLE_CHANGED"] = 7] = "ROLE_CHANGED";
  GroupEvent_Kind2[GroupEvent_Kind2["OWNER_CHANGED"] = 8] = "OWNER_CHANGED";
  GroupEvent_Kind2[GroupEvent_Kind2["MEMBER_MUTED"] = 9] = "MEMBER_MUTED";
  GroupEvent_Kind2[GroupEvent_Kind2["GROUP_MUTED"] = 10] = "GROUP_MUTED";
  GroupEvent_Kind2[GroupEvent_Kind2["DISSOLVED"] = 11] = "DISSOLVED";
  return GroupEvent_Kind2;
})(GroupEvent_Kind || {});
var GroupEvent_KindSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 7, 0);
var MessageSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 8);
var ConversationSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 9);
var GroupSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 10);
var GroupMemberSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_message, 11);
var ErrorCode = /* @__PURE__ */ ((ErrorCode2) => {
  ErrorCode2[ErrorCode2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  ErrorCode2[ErrorCode2["BAD_FRAME"] = 1e3] = "BAD_FRAME";
  ErrorCode2[ErrorCode2["FRAME_TOO_LARGE"] = 1001] = "FRAME_TOO_LARGE";
  ErrorCode2[ErrorCode2["UNKNOWN_FRAME"] = 1002] = "UNKNOWN_FRAME";
  ErrorCode2[ErrorCode2["INVALID_ARGUMENT"] = 1003] = "INVALID_ARGUMENT";
  ErrorCode2[ErrorCode2["NOT_AUTHENTICATED"] = 1004] = "NOT_AUTHENTICATED";
  ErrorCode2[ErrorCode2["ALREADY_AUTHENTICATED"] = 1005] = "ALREADY_AUTHENTICATED";
  ErrorCode2[ErrorCode2["CONTENT_TOO_LARGE"] = 1006] = "CONTENT_TOO_LARGE";
  ErrorCode2[ErrorCode2["REQUEST_TOO_LARGE"] = 1007] = "REQUEST_TOO_LARGE";
  ErrorCode2[ErrorCode2["TOKEN_INVALID"] = 2e3] = "TOKEN_INVALID";
  ErrorCode2[ErrorCode2["TOKEN_EXPIRED"] = 2001] = "TOKEN_EXPIRED";
  ErrorCode2[ErrorCode2["API_KEY_INVALID"] = 2002] = "API_KEY_INVALID";
  ErrorCode2[ErrorCode2["PERMISSION_DENIED"] = 2003] = "PERMISSION_DENIED";
  ErrorCode2[ErrorCode2["MUTED"] = 2004] = "MUTED";
  ErrorCode2[ErrorCode2["USER_NOT_FOUND"] = 3e3] = "USER_NOT_FOUND";
  ErrorCode2[ErrorCode2["USER_ALREADY_EXISTS"] = 3001] = "USER_ALREADY_EXISTS";
  ErrorCode2[ErrorCode2["CONVERSATION_NOT_FOUND"] = 3002] = "CONVERSATION_NOT_FOUND";
  ErrorCode2[ErrorCode2["NOT_MEMBER"] = 3003] = "NOT_MEMBER";
  ErrorCode2[ErrorCode2["GROUP_DISSOLVED"] = 3004] = "GROUP_DISSOLVED";
  ErrorCode2[ErrorCode2["CONVERSATION_ALREADY_EXISTS"] = 3005] = "CONVERSATION_ALREADY_EXISTS";
  ErrorCode2[ErrorCode2["OWNER_CANNOT_LEAVE"] = 3006] = "OWNER_CANNOT_LEAVE";
  ErrorCode2[ErrorCode2["RATE_LIMITED"] = 4e3] = "RATE_LIMITED";
  ErrorCode2[ErrorCode2["OVERLOADED"] = 4001] = "OVERLOADED";
  ErrorCode2[ErrorCode2["GROUP_FULL"] = 4002] = "GROUP_FULL";
  ErrorCode2[ErrorCode2["INTERNAL"] = 5e3] = "INTERNAL";
  ErrorCode2[ErrorCode2["UNAVAILABLE"] = 5001] = "UNAVAILABLE";
  ErrorCode2[ErrorCode2["TIMEOUT"] = 5002] = "TIMEOUT";
  return ErrorCode2;
})(ErrorCode || {});
var ErrorCodeSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 0);
var ConversationKind = /* @__PURE__ */ ((ConversationKind2) => {
  ConversationKind2[ConversationKind2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  ConversationKind2[ConversationKind2["DIRECT"] = 1] = "DIRECT";
  ConversationKind2[ConversationKind2["GROUP"] = 2] = "GROUP";
  ConversationKind2[ConversationKind2["SYSTEM"] = 3] = "SYSTEM";
  return ConversationKind2;
})(ConversationKind || {});
var ConversationKindSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 1);
var MediaKind = /* @__PURE__ */ ((MediaKind2) => {
  MediaKind2[MediaKind2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  MediaKind2[MediaKind2["IMAGE"] = 1] = "IMAGE";
  MediaKind2[MediaKind2["FILE"] = 2] = "FILE";
  MediaKind2[MediaKind2["AUDIO"] = 3] = "AUDIO";
  MediaKind2[MediaKind2["VIDEO"] = 4] = "VIDEO";
  return MediaKind2;
})(MediaKind || {});
var MediaKindSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 2);
var GroupRole = /* @__PURE__ */ ((GroupRole2) => {
  GroupRole2[GroupRole2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  GroupRole2[GroupRole2["MEMBER"] = 1] = "MEMBER";
  GroupRole2[GroupRole2["ADMIN"] = 2] = "ADMIN";
  GroupRole2[GroupRole2["OWNER"] = 3] = "OWNER";
  return GroupRole2;
})(GroupRole || {});
var GroupRoleSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 3);
var JoinPolicy = /* @__PURE__ */ ((JoinPolicy2) => {
  JoinPolicy2[JoinPolicy2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  JoinPolicy2[JoinPolicy2["INVITE_ONLY"] = 1] = "INVITE_ONLY";
  JoinPolicy2[JoinPolicy2["OPEN"] = 2] = "OPEN";
  return JoinPolicy2;
})(JoinPolicy || {});
var JoinPolicySchema = /* @__PURE__ */ enumDesc(file_chorus_v1_message, 4);
var temporary = /* @__PURE__ */ extDesc(file_chorus_v1_message, 0);
var grpc_code = /* @__PURE__ */ extDesc(file_chorus_v1_message, 1);

// src/gen/chorus/v1/group_pb.ts
var file_chorus_v1_group = /* @__PURE__ */ fileDesc("ChVjaG9ydXMvdjEvZ3JvdXAucHJvdG8SCWNob3J1cy52MSKoAgoSQ3JlYXRlR3JvdXBSZXF1ZXN0EhAKCGdyb3VwX2lkGAEgASgJEgwKBG5hbWUYAiABKAkSEgoKYXZhdGFyX3VybBgDIAEoCRJBCgphdHRyaWJ1dGVzGAQgAygLMi0uY2hvcnVzLnYxLkNyZWF0ZUdyb3VwUmVxdWVzdC5BdHRyaWJ1dGVzRW50cnkSEgoKbWVtYmVyX2lkcxgFIAMoCRIqCgtqb2luX3BvbGljeRgGIAEoDjIVLmNob3J1cy52MS5Kb2luUG9saWN5EhAKCG93bmVyX2lkGAcgASgJEhYKDmFjdGluZ191c2VyX2lkGA8gASgJGjEKD0F0dHJpYnV0ZXNFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAk6AjgBIjYKE0NyZWF0ZUdyb3VwUmVzcG9uc2USHwoFZ3JvdXAYASABKAsyEC5jaG9ydXMudjEuR3JvdXAiOwoPR2V0R3JvdXBSZXF1ZXN0EhAKCGdyb3VwX2lkGAEgASgJEhYKDmFjdGluZ191c2VyX2lkGA8gASgJIjMKEEdldEdyb3VwUmVzcG9uc2USHwoFZ3JvdXAYASABKAsyEC5jaG9ydXMudjEuR3JvdXAi8wIKElVwZGF0ZUdyb3VwUmVxdWVzdBIQCghncm91cF9pZBgBIAEoCRIRCgRuYW1lGAIgASgJSACIAQESFwoKYXZhdGFyX3VybBgDIAEoCUgBiAEBEkEKCmF0dHJpYnV0ZXMYBCADKAsyLS5jaG9ydXMudjEuVXBkYXRlR3JvdXBSZXF1ZXN0LkF0dHJpYnV0ZXNFbnRyeRIaChJyZXBsYWNlX2F0dHJpYnV0ZXMYBSABKAgSLwoLam9pbl9wb2xpY3kYBiABKA4yFS5jaG9ydXMudjEuSm9pblBvbGljeUgCiAEBEhIKBW11dGVkGAcgASgISAOIAQESFgoOYWN0aW5nX3VzZXJfaWQYDyABKAkaMQoPQXR0cmlidXRlc0VudHJ5EgsKA2tleRgBIAEoCRINCgV2YWx1ZRgCIAEoCToCOAFCBwoFX25hbWVCDQoLX2F2YXRhcl91cmxCDgoMX2pvaW5fcG9saWN5QggKBl9tdXRlZCI2ChNVcGRhdGVHcm91cFJlc3BvbnNlEh8KBWdyb3VwGAEgASgLMhAuY2hvcnVzLnYxLkdyb3VwIlQKFkFkZEdyb3VwTWVtYmVyc1JlcXVlc3QSEAoIZ3JvdXBfaWQYASABKAkSEAoIdXNlcl9pZHMYAiADKAkSFgoOYWN0aW5nX3VzZXJfaWQYDyABKAkiUgoXQWRkR3JvdXBNZW1iZXJzUmVzcG9uc2USHwoFZ3JvdXAYASABKAsyEC5jaG9ydXMudjEuR3JvdXASFgoOYWRkZWRfdXNlcl9pZHMYAiADKAkiVwoZUmVtb3ZlR3JvdXBNZW1iZXJzUmVxdWVzdBIQCghncm91cF9pZBgBIAEoCRIQCgh1c2VyX2lkcxgCIAMoCRIWCg5hY3RpbmdfdXNlcl9pZBgPIAEoCSJXChpSZW1vdmVHcm91cE1lbWJlcnNSZXNwb25zZRIfCgVncm91cBgBIAEoCzIQLmNob3J1cy52MS5Hcm91cBIYChByZW1vdmVkX3VzZXJfaWRzGAIgAygJIjwKEEpvaW5Hcm91cFJlcXVlc3QSEAoIZ3JvdXBfaWQYASABKAkSFgoOYWN0aW5nX3VzZXJfaWQYDyABKAkiNAoRSm9pbkdyb3VwUmVzcG9uc2USHwoFZ3JvdXAYASABKAsyEC5jaG9ydXMudjEuR3JvdXAiPQoRTGVhdmVHcm91cFJlcXVlc3QSEAoIZ3JvdXBfaWQYASABKAkSFgoOYWN0aW5nX3VzZXJfaWQYDyABKAkiFAoSTGVhdmVHcm91cFJlc3BvbnNlIkAKFERpc3NvbHZlR3JvdXBSZXF1ZXN0EhAKCGdyb3VwX2lkGAEgASgJEhYKDmFjdGluZ191c2VyX2lkGA8gASgJIhcKFURpc3NvbHZlR3JvdXBSZXNwb25zZSJ6ChlTZXRHcm91cE1lbWJlclJvbGVSZXF1ZXN0EhAKCGdyb3VwX2lkGAEgASgJEg8KB3VzZXJfaWQYAiABKAkSIgoEcm9sZRgDIAEoDjIULmNob3J1cy52MS5Hcm91cFJvbGUSFgoOYWN0aW5nX3VzZXJfaWQYDyABKAkiRAoaU2V0R3JvdXBNZW1iZXJSb2xlUmVzcG9uc2USJgoGbWVtYmVyGAEgASgLMhYuY2hvcnVzLnYxLkdyb3VwTWVtYmVyIlsKGVRyYW5zZmVyR3JvdXBPd25lclJlcXVlc3QSEAoIZ3JvdXBfaWQYASABKAkSFAoMbmV3X293bmVyX2lkGAIgASgJEhYKDmFjdGluZ191c2VyX2lkGA8gASgJIj0KGlRyYW5zZmVyR3JvdXBPd25lclJlc3BvbnNlEh8KBWdyb3VwGAEgASgLMhAuY2hvcnVzLnYxLkdyb3VwIm0KFk11dGVHcm91cE1lbWJlclJlcXVlc3QSEAoIZ3JvdXBfaWQYASABKAkSDwoHdXNlcl9pZBgCIAEoCRIYChBkdXJhdGlvbl9zZWNvbmRzGAMgASgNEhYKDmFjdGluZ191c2VyX2lkGA8gASgJIkEKF011dGVHcm91cE1lbWJlclJlc3BvbnNlEiYKBm1lbWJlchgBIAEoCzIWLmNob3J1cy52MS5Hcm91cE1lbWJlciJpChdMaXN0R3JvdXBNZW1iZXJzUmVxdWVzdBIQCghncm91cF9pZBgBIAEoCRIVCg1hZnRlcl91c2VyX2lkGAIgASgJEg0KBWxpbWl0GAMgASgNEhYKDmFjdGluZ191c2VyX2lkGA8gASgJIl8KGExpc3RHcm91cE1lbWJlcnNSZXNwb25zZRInCgdtZW1iZXJzGAEgAygLMhYuY2hvcnVzLnYxLkdyb3VwTWVtYmVyEhoKEm5leHRfYWZ0ZXJfdXNlcl9pZBgCIAEoCUIzWjFnaXRodWIuY29tL2Nob3J1cy1pbS9jaG9ydXMvYXBpL2Nob3J1c3YxO2Nob3J1c3YxYgZwcm90bzM", [file_chorus_v1_message]);
var CreateGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 0);
var CreateGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 1);
var GetGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 2);
var GetGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 3);
var UpdateGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 4);
var UpdateGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 5);
var AddGroupMembersRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 6);
var AddGroupMembersResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 7);
var RemoveGroupMembersRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 8);
var RemoveGroupMembersResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 9);
var JoinGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 10);
var JoinGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 11);
var LeaveGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 12);
var LeaveGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 13);
var DissolveGroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 14);
var DissolveGroupResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 15);
var SetGroupMemberRoleRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 16);
var SetGroupMemberRoleResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 17);
var TransferGroupOwnerRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 18);
var TransferGroupOwnerResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 19);
var MuteGroupMemberRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 20);
var MuteGroupMemberResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 21);
var ListGroupMembersRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 22);
var ListGroupMembersResponseSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_group, 23);

// src/gen/chorus/v1/frame_pb.ts
var file_chorus_v1_frame = /* @__PURE__ */ fileDesc("ChVjaG9ydXMvdjEvZnJhbWUucHJvdG8SCWNob3J1cy52MSLjDQoFRnJhbWUSCgoCaWQYASABKAQSJgoEYXV0aBgCIAEoCzIWLmNob3J1cy52MS5BdXRoUmVxdWVzdEgAEiwKC2F1dGhfcmVzdWx0GAMgASgLMhUuY2hvcnVzLnYxLkF1dGhSZXN1bHRIABIfCgRwaW5nGAQgASgLMg8uY2hvcnVzLnYxLlBpbmdIABIfCgRwb25nGAUgASgLMg8uY2hvcnVzLnYxLlBvbmdIABImCgRzZW5kGAYgASgLMhYuY2hvcnVzLnYxLlNlbmRSZXF1ZXN0SAASJgoIc2VuZF9hY2sYByABKAsyEi5jaG9ydXMudjEuU2VuZEFja0gAEiUKB2RlbGl2ZXIYCCABKAsyEi5jaG9ydXMudjEuRGVsaXZlckgAEi4KDGRlbGl2ZXJ5X2FjaxgJIAEoCzIWLmNob3J1cy52MS5EZWxpdmVyeUFja0gAEigKCXJlYWRfbWFyaxgKIAEoCzITLmNob3J1cy52MS5SZWFkTWFya0gAEjUKEHJlYWRfbWFya19yZXN1bHQYCyABKAsyGS5jaG9ydXMudjEuUmVhZE1hcmtSZXN1bHRIABJBChJzeW5jX2NvbnZlcnNhdGlvbnMYDCABKAsyIy5jaG9ydXMudjEuU3luY0NvbnZlcnNhdGlvbnNSZXF1ZXN0SAASRwoZc3luY19jb252ZXJzYXRpb25zX3Jlc3VsdBgNIAEoCzIiLmNob3J1cy52MS5TeW5jQ29udmVyc2F0aW9uc1Jlc3VsdEgAEjcKDXB1bGxfbWVzc2FnZXMYDiABKAsyHi5jaG9ydXMudjEuUHVsbE1lc3NhZ2VzUmVxdWVzdEgAEj0KFHB1bGxfbWVzc2FnZXNfcmVzdWx0GA8gASgLMh0uY2hvcnVzLnYxLlB1bGxNZXNzYWdlc1Jlc3VsdEgAEiEKBWVycm9yGBAgASgLMhAuY2hvcnVzLnYxLkVycm9ySAASKwoKZGlzY29ubmVjdBgRIAEoCzIVLmNob3J1cy52MS5EaXNjb25uZWN0SAASLwoMbm90aWZpY2F0aW9uGBIgASgLMhcuY2hvcnVzLnYxLk5vdGlmaWNhdGlvbkgAEkEKEmxpc3RfY29udmVyc2F0aW9ucxgTIAEoCzIjLmNob3J1cy52MS5MaXN0Q29udmVyc2F0aW9uc1JlcXVlc3RIABJHChlsaXN0X2NvbnZlcnNhdGlvbnNfcmVzdWx0GBQgASgLMiIuY2hvcnVzLnYxLkxpc3RDb252ZXJzYXRpb25zUmVzdWx0SAASRwoVY29udmVyc2F0aW9uX3NldHRpbmdzGBUgASgLMiYuY2hvcnVzLnYxLkNvbnZlcnNhdGlvblNldHRpbmdzUmVxdWVzdEgAEk0KHGNvbnZlcnNhdGlvbl9zZXR0aW5nc19yZXN1bHQYFiABKAsyJS5jaG9ydXMudjEuQ29udmVyc2F0aW9uU2V0dGluZ3NSZXN1bHRIABI1CgxnZXRfcmVjZWlwdHMYFyABKAsyHS5jaG9ydXMudjEuR2V0UmVjZWlwdHNSZXF1ZXN0SAASNwoPcmVjZWlwdHNfcmVzdWx0GBggASgLMhwuY2hvcnVzLnYxLkdldFJlY2VpcHRzUmVzdWx0SAASJQoHcmVjZWlwdBgZIAEoCzISLmNob3J1cy52MS5SZWNlaXB0SAASPAoTY29udmVyc2F0aW9uX3VwZGF0ZRgaIAEoCzIdLmNob3J1cy52MS5Db252ZXJzYXRpb25VcGRhdGVIABIoCgVncm91cBgbIAEoCzIXLmNob3J1cy52MS5Hcm91cFJlcXVlc3RIABIuCgxncm91cF9yZXN1bHQYHCABKAsyFi5jaG9ydXMudjEuR3JvdXBSZXN1bHRIABI3Cg1saXN0X3Nlc3Npb25zGB0gASgLMh4uY2hvcnVzLnYxLkxpc3RTZXNzaW9uc1JlcXVlc3RIABI9ChRsaXN0X3Nlc3Npb25zX3Jlc3VsdBgeIAEoCzIdLmNob3J1cy52MS5MaXN0U2Vzc2lvbnNSZXN1bHRIABIzCgtraWNrX2RldmljZRgfIAEoCzIcLmNob3J1cy52MS5LaWNrRGV2aWNlUmVxdWVzdEgAEjkKEmtpY2tfZGV2aWNlX3Jlc3VsdBggIAEoCzIbLmNob3J1cy52MS5LaWNrRGV2aWNlUmVzdWx0SAASLwoJZ2V0X3VzZXJzGCEgASgLMhouY2hvcnVzLnYxLkdldFVzZXJzUmVxdWVzdEgAEjUKEGdldF91c2Vyc19yZXN1bHQYIiABKAsyGS5jaG9ydXMudjEuR2V0VXNlcnNSZXN1bHRIAEIGCgRib2R5Im4KC0F1dGhSZXF1ZXN0Eg0KBXRva2VuGAEgASgJEhEKCWRldmljZV9pZBgCIAEoCRIlCghwbGF0Zm9ybRgDIAEoDjITLmNob3J1cy52MS5QbGF0Zm9ybRIWCg5jbGllbnRfdmVyc2lvbhgEIAEoCSKqAQoKQXV0aFJlc3VsdBIPCgd1c2VyX2lkGAEgASgJEhIKCnNlc3Npb25faWQYAiABKAkSGAoQcGluZ19pbnRlcnZhbF9tcxgDIAEoDRIXCg9pZGxlX3RpbWVvdXRfbXMYBCABKA0SFgoOc2VydmVyX3RpbWVfbXMYBSABKAMSDwoHbm9kZV9pZBgGIAEoDRIbChN0b2tlbl9leHBpcmVzX2F0X21zGAcgASgDIgYKBFBpbmciHgoEUG9uZxIWCg5zZXJ2ZXJfdGltZV9tcxgBIAEoAyKlAQoLU2VuZFJlcXVlc3QSFwoPY29udmVyc2F0aW9uX2lkGAEgASgJEhIKCnRvX3VzZXJfaWQYAiABKAkSFQoNY2xpZW50X21zZ19pZBgDIAEoCRIjCgdjb250ZW50GAQgASgLMhIuY2hvcnVzLnYxLkNvbnRlbnQSGAoQbWVudGlvbl91c2VyX2lkcxgFIAMoCRITCgttZW50aW9uX2FsbBgGIAEoCCJuCgdTZW5kQWNrEhcKD2NvbnZlcnNhdGlvbl9pZBgBIAEoCRILCgNzZXEYAiABKAQSEgoKbWVzc2FnZV9pZBgDIAEoAxIWCg5zZXJ2ZXJfdGltZV9tcxgEIAEoAxIRCglkdXBsaWNhdGUYBSABKAgiLgoHRGVsaXZlchIjCgdtZXNzYWdlGAEgASgLMhIuY2hvcnVzLnYxLk1lc3NhZ2UiMwoLRGVsaXZlcnlBY2sSFwoPY29udmVyc2F0aW9uX2lkGAEgASgJEgsKA3NlcRgCIAEoBCIwCghSZWFkTWFyaxIXCg9jb252ZXJzYXRpb25faWQYASABKAkSCwoDc2VxGAIgASgEImgKDlJlYWRNYXJrUmVzdWx0EhcKD2NvbnZlcnNhdGlvbl9pZBgBIAEoCRIQCghyZWFkX3NlcRgCIAEoBBIUCgx1bnJlYWRfY291bnQYAyABKAQSFQoNbWVudGlvbl9jb3VudBgEIAEoBCJRChhTeW5jQ29udmVyc2F0aW9uc1JlcXVlc3QSFQoNc2luY2VfdmVyc2lvbhgBIAEoBBINCgVsaW1pdBgCIAEoDRIPCgd1c2VyX2lkGA8gASgJImwKF1N5bmNDb252ZXJzYXRpb25zUmVzdWx0Ei4KDWNvbnZlcnNhdGlvbnMYASADKAsyFy5jaG9ydXMudjEuQ29udmVyc2F0aW9uEg8KB3ZlcnNpb24YAiABKAQSEAoIaGFzX21vcmUYAyABKAgiSgoYTGlzdENvbnZlcnNhdGlvbnNSZXF1ZXN0Eg0KBWxpbWl0GAEgASgNEg4KBmN1cnNvchgCIAEoCRIPCgd1c2VyX2lkGA8gASgJIm8KF0xpc3RDb252ZXJzYXRpb25zUmVzdWx0Ei4KDWNvbnZlcnNhdGlvbnMYASADKAsyFy5jaG9ydXMudjEuQ29udmVyc2F0aW9uEhMKC25leHRfY3Vyc29yGAIgASgJEg8KB3ZlcnNpb24YAyABKAQihQEKG0NvbnZlcnNhdGlvblNldHRpbmdzUmVxdWVzdBIXCg9jb252ZXJzYXRpb25faWQYASABKAkSEwoGcGlubmVkGAIgASgISACIAQESEgoFbXV0ZWQYAyABKAhIAYgBARIPCgd1c2VyX2lkGA8gASgJQgkKB19waW5uZWRCCAoGX211dGVkIksKGkNvbnZlcnNhdGlvblNldHRpbmdzUmVzdWx0Ei0KDGNvbnZlcnNhdGlvbhgBIAEoCzIXLmNob3J1cy52MS5Db252ZXJzYXRpb24iTAoSR2V0UmVjZWlwdHNSZXF1ZXN0EhcKD2NvbnZlcnNhdGlvbl9pZBgBIAEoCRIMCgRzZXFzGAIgAygEEg8KB3VzZXJfaWQYDyABKAkiQAoRR2V0UmVjZWlwdHNSZXN1bHQSKwoIcmVjZWlwdHMYASADKAsyGS5jaG9ydXMudjEuTWVzc2FnZVJlY2VpcHQinAEKDk1lc3NhZ2VSZWNlaXB0EgsKA3NlcRgBIAEoBBIRCglzZW5kZXJfaWQYAiABKAkSFAoMbWVtYmVyX2NvdW50GAMgASgNEhIKCnJlYWRfY291bnQYBCABKA0SFwoPZGVsaXZlcmVkX2NvdW50GAUgASgNEg8KB3JlYWRfYnkYBiADKAkSFgoOcmVhZGVyc19saXN0ZWQYByABKAgiXAoHUmVjZWlwdBIXCg9jb252ZXJzYXRpb25faWQYASABKAkSDwoHdXNlcl9pZBgCIAEoCRIQCghyZWFkX3NlcRgDIAEoBBIVCg1kZWxpdmVyZWRfc2VxGAQgASgEIkMKEkNvbnZlcnNhdGlvblVwZGF0ZRItCgxjb252ZXJzYXRpb24YASABKAsyFy5jaG9ydXMudjEuQ29udmVyc2F0aW9uIpwFCgxHcm91cFJlcXVlc3QSLwoGY3JlYXRlGAEgASgLMh0uY2hvcnVzLnYxLkNyZWF0ZUdyb3VwUmVxdWVzdEgAEikKA2dldBgCIAEoCzIaLmNob3J1cy52MS5HZXRHcm91cFJlcXVlc3RIABIvCgZ1cGRhdGUYAyABKAsyHS5jaG9ydXMudjEuVXBkYXRlR3JvdXBSZXF1ZXN0SAASOAoLYWRkX21lbWJlcnMYBCABKAsyIS5jaG9ydXMudjEuQWRkR3JvdXBNZW1iZXJzUmVxdWVzdEgAEj4KDnJlbW92ZV9tZW1iZXJzGAUgASgLMiQuY2hvcnVzLnYxLlJlbW92ZUdyb3VwTWVtYmVyc1JlcXVlc3RIABIrCgRqb2luGAYgASgLMhsuY2hvcnVzLnYxLkpvaW5Hcm91cFJlcXVlc3RIABItCgVsZWF2ZRgHIAEoCzIcLmNob3J1cy52MS5MZWF2ZUdyb3VwUmVxdWVzdEgAEjMKCGRpc3NvbHZlGAggASgLMh8uY2hvcnVzLnYxLkRpc3NvbHZlR3JvdXBSZXF1ZXN0SAASOAoIc2V0X3JvbGUYCSABKAsyJC5jaG9ydXMudjEuU2V0R3JvdXBNZW1iZXJSb2xlUmVxdWVzdEgAEj4KDnRyYW5zZmVyX293bmVyGAogASgLMiQuY2hvcnVzLnYxLlRyYW5zZmVyR3JvdXBPd25lclJlcXVlc3RIABI4CgttdXRlX21lbWJlchgLIAEoCzIhLmNob3J1cy52MS5NdXRlR3JvdXBNZW1iZXJSZXF1ZXN0SAASOgoMbGlzdF9tZW1iZXJzGAwgASgLMiIuY2hvcnVzLnYxLkxpc3RHcm91cE1lbWJlcnNSZXF1ZXN0SABCBAoCb3AipwUKC0dyb3VwUmVzdWx0EjAKBmNyZWF0ZRgBIAEoCzIeLmNob3J1cy52MS5DcmVhdGVHcm91cFJlc3BvbnNlSAASKgoDZ2V0GAIgASgLMhsuY2hvcnVzLnYxLkdldEdyb3VwUmVzcG9uc2VIABIwCgZ1cGRhdGUYAyABKAsyHi5jaG9ydXMudjEuVXBkYXRlR3JvdXBSZXNwb25zZUgAEjkKC2FkZF9tZW1iZXJzGAQgASgLMiIuY2hvcnVzLnYxLkFkZEdyb3VwTWVtYmVyc1Jlc3BvbnNlSAASPwoOcmVtb3ZlX21lbWJlcnMYBSABKAsyJS5jaG9ydXMudjEuUmVtb3ZlR3JvdXBNZW1iZXJzUmVzcG9uc2VIABIsCgRqb2luGAYgASgLMhwuY2hvcnVzLnYxLkpvaW5Hcm91cFJlc3BvbnNlSAASLgoFbGVhdmUYByABKAsyHS5jaG9ydXMudjEuTGVhdmVHcm91cFJlc3BvbnNlSAASNAoIZGlzc29sdmUYCCABKAsyIC5jaG9ydXMudjEuRGlzc29sdmVHcm91cFJlc3BvbnNlSAASOQoIc2V0X3JvbGUYCSABKAsyJS5jaG9ydXMudjEuU2V0R3JvdXBNZW1iZXJSb2xlUmVzcG9uc2VIABI/Cg50cmFuc2Zlcl9vd25lchgKIAEoCzIlLmNob3J1cy52MS5UcmFuc2Zlckdyb3VwT3duZXJSZXNwb25zZUgAEjkKC211dGVfbWVtYmVyGAsgASgLMiIuY2hvcnVzLnYxLk11dGVHcm91cE1lbWJlclJlc3BvbnNlSAASOwoMbGlzdF9tZW1iZXJzGAwgASgLMiMuY2hvcnVzLnYxLkxpc3RHcm91cE1lbWJlcnNSZXNwb25zZUgAQgQKAm9wIsUBCgtTZXNzaW9uSW5mbxISCgpzZXNzaW9uX2lkGAEgASgJEhEKCWRldmljZV9pZBgCIAEoCRIlCghwbGF0Zm9ybRgDIAEoDjITLmNob3J1cy52MS5QbGF0Zm9ybRIRCgl0cmFuc3BvcnQYBCABKAkSEwoLcmVtb3RlX2FkZHIYBSABKAkSFgoOY2xpZW50X3ZlcnNpb24YBiABKAkSFwoPY29ubmVjdGVkX2F0X21zGAcgASgDEg8KB25vZGVfaWQYCCABKA0iJgoTTGlzdFNlc3Npb25zUmVxdWVzdBIPCgd1c2VyX2lkGA8gASgJIj4KEkxpc3RTZXNzaW9uc1Jlc3VsdBIoCghzZXNzaW9ucxgBIAMoCzIWLmNob3J1cy52MS5TZXNzaW9uSW5mbyJHChFLaWNrRGV2aWNlUmVxdWVzdBIRCglkZXZpY2VfaWQYASABKAkSDgoGcmVhc29uGAIgASgJEg8KB3VzZXJfaWQYDyABKAkiKwoQS2lja0RldmljZVJlc3VsdBIXCg9zZXNzaW9uc19jbG9zZWQYASABKA0iIwoPR2V0VXNlcnNSZXF1ZXN0EhAKCHVzZXJfaWRzGAEgAygJIjcKDkdldFVzZXJzUmVzdWx0EiUKBXVzZXJzGAEgAygLMhYuY2hvcnVzLnYxLlVzZXJQcm9maWxlInAKE1B1bGxNZXNzYWdlc1JlcXVlc3QSFwoPY29udmVyc2F0aW9uX2lkGAEgASgJEhAKCGZyb21fc2VxGAIgASgEEg4KBnRvX3NlcRgDIAEoBBINCgVsaW1pdBgEIAEoDRIPCgdyZXZlcnNlGAUgASgIImUKElB1bGxNZXNzYWdlc1Jlc3VsdBIXCg9jb252ZXJzYXRpb25faWQYASABKAkSJAoIbWVzc2FnZXMYAiADKAsyEi5jaG9ydXMudjEuTWVzc2FnZRIQCghoYXNfbW9yZRgDIAEoCCJYCgpEaXNjb25uZWN0EicKBGNvZGUYASABKA4yGS5jaG9ydXMudjEuRGlzY29ubmVjdENvZGUSDgoGcmVhc29uGAIgASgJEhEKCXJlY29ubmVjdBgDIAEoCCJCCgxOb3RpZmljYXRpb24SDAoEdHlwZRgBIAEoCRIMCgRkYXRhGAIgASgMEhYKDnNlcnZlcl90aW1lX21zGAMgASgDKogBCghQbGF0Zm9ybRIYChRQTEFURk9STV9VTlNQRUNJRklFRBAAEhAKDFBMQVRGT1JNX1dFQhABEhAKDFBMQVRGT1JNX0lPUxACEhQKEFBMQVRGT1JNX0FORFJPSUQQAxIUChBQTEFURk9STV9ERVNLVE9QEAQSEgoOUExBVEZPUk1fT1RIRVIQBSr6AgoORGlzY29ubmVjdENvZGUSHwobRElTQ09OTkVDVF9DT0RFX1VOU1BFQ0lGSUVEEAASHQoYRElTQ09OTkVDVF9DT0RFX1NIVVRET1dOELgXEiIKHURJU0NPTk5FQ1RfQ09ERV9TTE9XX0NPTlNVTUVSELkXEiEKHERJU0NPTk5FQ1RfQ09ERV9JRExFX1RJTUVPVVQQuhcSIQocRElTQ09OTkVDVF9DT0RFX0FVVEhfVElNRU9VVBC7FxIdChhESVNDT05ORUNUX0NPREVfSU5URVJOQUwQvBcSHgoZRElTQ09OTkVDVF9DT0RFX0JBRF9GUkFNRRCsGxIgChtESVNDT05ORUNUX0NPREVfQVVUSF9GQUlMRUQQrRsSGwoWRElTQ09OTkVDVF9DT0RFX0tJQ0tFRBCuGxIcChdESVNDT05ORUNUX0NPREVfUkVNT1ZFRBCvGxIiCh1ESVNDT05ORUNUX0NPREVfVE9LRU5fRVhQSVJFRBCwG0IzWjFnaXRodWIuY29tL2Nob3J1cy1pbS9jaG9ydXMvYXBpL2Nob3J1c3YxO2Nob3J1c3YxYgZwcm90bzM", [file_chorus_v1_group, file_chorus_v1_message]);
var FrameSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 0);
var AuthRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 1);
var AuthResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 2);
var PingSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 3);
var PongSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 4);
var SendRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 5);
var SendAckSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 6);
var DeliverSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 7);
var DeliveryAckSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 8);
var ReadMarkSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 9);
var ReadMarkResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 10);
var SyncConversationsRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 11);
var SyncConversationsResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 12);
var ListConversationsRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 13);
var ListConversationsResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 14);
var ConversationSettingsRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 15);
var ConversationSettingsResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 16);
var GetReceiptsRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 17);
var GetReceiptsResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 18);
var MessageReceiptSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 19);
var ReceiptSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 20);
var ConversationUpdateSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 21);
var GroupRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 22);
var GroupResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 23);
var SessionInfoSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 24);
var ListSessionsRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 25);
var ListSessionsResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 26);
var KickDeviceRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 27);
var KickDeviceResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 28);
var GetUsersRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 29);
var GetUsersResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 30);
var PullMessagesRequestSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 31);
var PullMessagesResultSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 32);
var DisconnectSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 33);
var NotificationSchema = /* @__PURE__ */ messageDesc(file_chorus_v1_frame, 34);
var Platform = /* @__PURE__ */ ((Platform2) => {
  Platform2[Platform2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  Platform2[Platform2["WEB"] = 1] = "WEB";
  Platform2[Platform2["IOS"] = 2] = "IOS";
  Platform2[Platform2["ANDROID"] = 3] = "ANDROID";
  Platform2[Platform2["DESKTOP"] = 4] = "DESKTOP";
  Platform2[Platform2["OTHER"] = 5] = "OTHER";
  return Platform2;
})(Platform || {});
var PlatformSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_frame, 0);
var DisconnectCode = /* @__PURE__ */ ((DisconnectCode2) => {
  DisconnectCode2[DisconnectCode2["UNSPECIFIED"] = 0] = "UNSPECIFIED";
  DisconnectCode2[DisconnectCode2["SHUTDOWN"] = 3e3] = "SHUTDOWN";
  DisconnectCode2[DisconnectCode2["SLOW_CONSUMER"] = 3001] = "SLOW_CONSUMER";
  DisconnectCode2[DisconnectCode2["IDLE_TIMEOUT"] = 3002] = "IDLE_TIMEOUT";
  DisconnectCode2[DisconnectCode2["AUTH_TIMEOUT"] = 3003] = "AUTH_TIMEOUT";
  DisconnectCode2[DisconnectCode2["INTERNAL"] = 3004] = "INTERNAL";
  DisconnectCode2[DisconnectCode2["BAD_FRAME"] = 3500] = "BAD_FRAME";
  DisconnectCode2[DisconnectCode2["AUTH_FAILED"] = 3501] = "AUTH_FAILED";
  DisconnectCode2[DisconnectCode2["KICKED"] = 3502] = "KICKED";
  DisconnectCode2[DisconnectCode2["REMOVED"] = 3503] = "REMOVED";
  DisconnectCode2[DisconnectCode2["TOKEN_EXPIRED"] = 3504] = "TOKEN_EXPIRED";
  return DisconnectCode2;
})(DisconnectCode || {});
var DisconnectCodeSchema = /* @__PURE__ */ enumDesc(file_chorus_v1_frame, 1);

// src/lib/emitter.ts
var Emitter = class {
  constructor() {
    __publicField(this, "listeners", {});
  }
  /** on adds a listener and returns a function that removes it. */
  on(event, fn) {
    let set = this.listeners[event];
    if (!set) {
      set = /* @__PURE__ */ new Set();
      this.listeners[event] = set;
    }
    set.add(fn);
    return () => this.off(event, fn);
  }
  off(event, fn) {
    this.listeners[event]?.delete(fn);
  }
  emit(event, value) {
    const set = this.listeners[event];
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(value);
      } catch (err) {
        console.error(`chorus: ${String(event)} listener failed`, err);
      }
    }
  }
};

// src/lib/errors.ts
var ChorusError = class _ChorusError extends Error {
  constructor(code, message, temporary3) {
    const name = ErrorCode[code]?.replace(/^ERROR_CODE_/, "") ?? String(code);
    super(`${name}: ${message}`);
    __publicField(this, "code");
    /** The code's short name, e.g. "NOT_MEMBER". */
    __publicField(this, "codeName");
    /** Retrying the same request later may succeed. */
    __publicField(this, "temporary");
    /** The node's own message, without the code name (e.g. "token rejected: bad signature"). */
    __publicField(this, "detail");
    this.name = "ChorusError";
    this.code = code;
    this.codeName = name;
    this.temporary = temporary3;
    this.detail = message;
  }
  static fromFrame(e) {
    return new _ChorusError(e.code, e.message, e.temporary);
  }
};
var errTimeout = () => new ChorusError(5002 /* TIMEOUT */, "no reply in time; the outcome is unknown", true);
var errUnavailable = (why) => new ChorusError(5001 /* UNAVAILABLE */, why, true);

// src/lib/client.ts
var deviceKey = "chorus.deviceId";
function deviceIdFromStorage() {
  let id = null;
  try {
    id = globalThis.localStorage?.getItem(deviceKey) ?? null;
  } catch {
  }
  if (!id) {
    id = "web-" + randomId(16);
    try {
      globalThis.localStorage?.setItem(deviceKey, id);
    } catch {
    }
  }
  return id;
}
function randomId(n = 20) {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
var maxBig = (a, b) => a > b ? a : b;
var temporary2 = (err) => err instanceof ChorusError && err.temporary;
var ChorusClient = class extends Emitter {
  constructor(options) {
    super();
    __publicField(this, "deviceId");
    __publicField(this, "opts");
    __publicField(this, "tokenSource");
    __publicField(this, "WS");
    __publicField(this, "conn", null);
    __publicField(this, "gen", 0);
    // bumps for every socket; events of older ones are ignored
    __publicField(this, "wanted", false);
    // connect() called and not close()d or stopped
    __publicField(this, "browserOffline", false);
    __publicField(this, "attempt", 0);
    __publicField(this, "reconnectTimer");
    __publicField(this, "_status", "offline");
    __publicField(this, "_auth", null);
    __publicField(this, "onlineWaiters", []);
    // Catching up: the list version of the last complete catch-up, and per
    // conversation the highest seq handed out without a gap. Work on one
    // conversation is chained so its messages come out in order. needPull
    // holds the conversations whose pull failed: the next catch-up pulls
    // them to the newest message. Pushes that come before the first sync
    // wait in early: the sync tells where each conversation stands.
    __publicField(this, "version", 0n);
    __publicField(this, "initialSynced", false);
    __publicField(this, "held", /* @__PURE__ */ new Map());
    __publicField(this, "chains", /* @__PURE__ */ new Map());
    __publicField(this, "needPull", /* @__PURE__ */ new Set());
    __publicField(this, "early", []);
    __publicField(this, "ackTimer");
    __publicField(this, "acks", /* @__PURE__ */ new Map());
    __publicField(this, "removeWindowListeners");
    const loc = globalThis.location;
    const defaultURL = loc ? `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/ws` : "ws://127.0.0.1:8080/ws";
    this.opts = {
      url: options.url ?? defaultURL,
      clientVersion: options.clientVersion ?? "chorus-web/0.1",
      requestTimeoutMs: options.requestTimeoutMs ?? 15e3,
      minReconnectDelayMs: options.minReconnectDelayMs ?? 500,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 15e3,
      ackDelivered: options.ackDelivered ?? true
    };
    this.tokenSource = options.token;
    this.deviceId = options.deviceId ?? deviceIdFromStorage();
    this.WS = options.WebSocket ?? globalThis.WebSocket;
  }
  /** The connection status. */
  get status() {
    return this._status;
  }
  /** The signed-in user, once authenticated. */
  get userId() {
    return this._auth?.userId ?? "";
  }
  /** The last auth result. */
  get authResult() {
    return this._auth;
  }
  /**
   * connect starts connecting and keeps the client connected until close
   * or a "do not reconnect" disconnect. It resolves once online (caught
   * up) for the first time and rejects if the client stops before.
   */
  connect() {
    if (!this.wanted) {
      this.wanted = true;
      this.listenToWindow();
      this.browserOffline = globalThis.navigator?.onLine === false;
      if (this.browserOffline) this.setStatus("offline");
      else this.open();
    }
    return this.whenOnline();
  }
  /** close disconnects and stops reconnecting. */
  close() {
    this.wanted = false;
    this.removeWindowListeners?.();
    this.removeWindowListeners = void 0;
    clearTimeout(this.reconnectTimer);
    this.dropSocket("closed by the client");
    this.setStatus("offline");
    this.failWaiters(errUnavailable("the client was closed"));
  }
  /** whenOnline resolves when the client is online and caught up. */
  whenOnline() {
    if (this._status === "online") return Promise.resolve();
    if (!this.wanted) return Promise.reject(errUnavailable("the client is not connecting"));
    return new Promise((resolve, reject) => this.onlineWaiters.push({ resolve, reject }));
  }
  // --- requests ---------------------------------------------------------
  /**
   * send sends a message and resolves with its position once durable.
   * It retries with the same clientMsgId after timeouts, temporary errors
   * and drops (waiting to be online again), so the message is stored once.
   */
  async send(req) {
    const clientMsgId = req.clientMsgId ?? randomId(24);
    const content = create(ContentSchema, req.content ?? { body: { case: "text", value: { text: req.text ?? "" } } });
    const attempts = req.attempts ?? 8;
    for (let i = 1; ; i++) {
      try {
        await this.whenOnline();
        const ack = await this.rpc(
          {
            case: "send",
            value: {
              conversationId: req.conversationId ?? "",
              toUserId: req.toUserId ?? "",
              clientMsgId,
              content,
              mentionUserIds: req.mentionUserIds ?? [],
              mentionAll: req.mentionAll ?? false
            }
          },
          "sendAck"
        );
        const msg = create(MessageSchema, {
          id: ack.messageId,
          conversationId: ack.conversationId,
          seq: ack.seq,
          senderId: this.userId,
          clientMsgId,
          serverTimeMs: ack.serverTimeMs,
          content,
          mentionUserIds: req.mentionUserIds ?? [],
          mentionAll: req.mentionAll ?? false
        });
        this.acceptLater(msg);
        return ack;
      } catch (err) {
        if (!(err instanceof ChorusError) || !err.temporary || i >= attempts || !this.wanted) throw err;
        await sleep(Math.min(250 * 2 ** i, 5e3) * (0.5 + Math.random() / 2));
      }
    }
  }
  /** pull reads one page of a conversation's messages. */
  pull(req) {
    return this.rpc({ case: "pullMessages", value: req }, "pullMessagesResult");
  }
  /** listConversations reads one page of the list, pinned first, then by activity. */
  listConversations(limit = 50, cursor = "") {
    return this.rpc({ case: "listConversations", value: { limit, cursor } }, "listConversationsResult");
  }
  /** syncConversations reads every entry changed after sinceVersion, all pages. */
  async syncConversations(sinceVersion) {
    const conversations = [];
    let version = sinceVersion;
    for (; ; ) {
      const res = await this.rpc(
        { case: "syncConversations", value: { sinceVersion: version, limit: 500 } },
        "syncConversationsResult"
      );
      conversations.push(...res.conversations);
      version = maxBig(version, res.version);
      if (!res.hasMore) return { conversations, version };
    }
  }
  /** markRead moves this user's read position in a conversation up to seq. */
  async markRead(conversationId, seq) {
    return await this.rpc({ case: "readMark", value: { conversationId, seq } }, "readMarkResult");
  }
  /** ackDelivered tells the node that messages up to seq reached this device (no reply). */
  ackDelivered(conversationId, seq) {
    this.write({ case: "deliveryAck", value: { conversationId, seq } });
  }
  /** getReceipts reads read and delivered counts of up to 100 messages. */
  async getReceipts(conversationId, seqs) {
    const res = await this.rpc({ case: "getReceipts", value: { conversationId, seqs } }, "receiptsResult");
    return res.receipts;
  }
  /** setSettings pins or mutes a conversation for this user. */
  async setSettings(conversationId, s) {
    const res = await this.rpc({ case: "conversationSettings", value: { conversationId, ...s } }, "conversationSettingsResult");
    return res.conversation;
  }
  /** group runs one group operation; the result has the same op set. */
  group(op) {
    return this.rpc({ case: "group", value: { op } }, "groupResult");
  }
  /**
   * getUsers reads the profiles (id, name, avatar) of users, in the order
   * asked; ids with no user are left out, so it also tells whether a user
   * exists. More than 100 ids are asked for in several requests.
   */
  async getUsers(userIds) {
    const ids = [...new Set(userIds)];
    const out = [];
    for (let i = 0; i < ids.length; i += 100) {
      const res = await this.rpc({ case: "getUsers", value: { userIds: ids.slice(i, i + 100) } }, "getUsersResult");
      out.push(...res.users);
    }
    return out;
  }
  /**
   * createGroup creates a group with this user as its owner. An empty
   * groupId lets the node pick one; the group's conversation is
   * g:<group.id>.
   */
  async createGroup(groupId, name, memberIds) {
    const r = await this.group({ case: "create", value: { groupId, name, memberIds } });
    return r.op.case === "create" ? r.op.value.group : void 0;
  }
  /** updateGroup changes a group's name, avatar, attributes, join policy or mute (admins and the owner). */
  async updateGroup(groupId, change) {
    const r = await this.group({ case: "update", value: { ...change, groupId } });
    return r.op.case === "update" ? r.op.value.group : void 0;
  }
  async addMembers(groupId, userIds) {
    const r = await this.group({ case: "addMembers", value: { groupId, userIds } });
    return r.op.case === "addMembers" ? r.op.value.addedUserIds : [];
  }
  async removeMembers(groupId, userIds) {
    const r = await this.group({ case: "removeMembers", value: { groupId, userIds } });
    return r.op.case === "removeMembers" ? r.op.value.removedUserIds : [];
  }
  async leaveGroup(groupId) {
    await this.group({ case: "leave", value: { groupId } });
  }
  async getGroup(groupId) {
    const r = await this.group({ case: "get", value: { groupId } });
    return r.op.case === "get" ? r.op.value.group : void 0;
  }
  async listMembers(groupId, afterUserId = "", limit = 100) {
    const r = await this.group({ case: "listMembers", value: { groupId, afterUserId, limit } });
    return r.op.case === "listMembers" ? { members: r.op.value.members, next: r.op.value.nextAfterUserId } : { members: [], next: "" };
  }
  /** listSessions lists this user's online sessions on the node. */
  async listSessions() {
    return (await this.rpc({ case: "listSessions", value: {} }, "listSessionsResult")).sessions;
  }
  /** kickDevice signs one of this user's devices out. */
  async kickDevice(deviceId, reason = "") {
    const r = await this.rpc({ case: "kickDevice", value: { deviceId, reason } }, "kickDeviceResult");
    return r.sessionsClosed;
  }
  /** rpc sends a request and waits for the reply of the expected case. */
  rpc(body, expect, timeoutMs = this.opts.requestTimeoutMs) {
    const c = this.conn;
    if (!c || c.ws.readyState !== 1) return Promise.reject(errUnavailable("not connected"));
    const id = c.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        c.pending.delete(id);
        reject(errTimeout());
      }, timeoutMs);
      c.pending.set(id, { expect, resolve, reject, timer });
      this.writeOn(c, id, body);
    });
  }
  // --- the connection ---------------------------------------------------
  write(body) {
    const c = this.conn;
    if (c && c.ws.readyState === 1) this.writeOn(c, 0n, body);
  }
  writeOn(c, id, body) {
    c.ws.send(toBinary(FrameSchema, create(FrameSchema, { id, body })));
    c.lastSent = Date.now();
  }
  open() {
    clearTimeout(this.reconnectTimer);
    this.dropSocket("reconnecting");
    const gen = ++this.gen;
    this.setStatus("connecting");
    let ws;
    try {
      ws = new this.WS(this.opts.url, ["chorus.v1.proto"]);
    } catch (err) {
      console.error("chorus: cannot open WebSocket", err);
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = "arraybuffer";
    const c = { ws, nextId: 1n, pending: /* @__PURE__ */ new Map(), lastSent: Date.now() };
    this.conn = c;
    c.openTimer = setTimeout(() => {
      if (gen !== this.gen) return;
      this.dropSocket("opening the connection timed out");
      if (this.wanted && !this.browserOffline) this.scheduleReconnect();
    }, this.opts.requestTimeoutMs);
    ws.onopen = () => {
      clearTimeout(c.openTimer);
      if (gen === this.gen) void this.authenticate(c, gen);
    };
    ws.onmessage = (ev) => {
      if (gen !== this.gen || !(ev.data instanceof ArrayBuffer)) return;
      let f;
      try {
        f = fromBinary(FrameSchema, new Uint8Array(ev.data));
      } catch (err) {
        console.error("chorus: undecodable frame", err);
        return;
      }
      this.handle(c, f);
    };
    ws.onclose = (ev) => {
      if (gen === this.gen) this.closed(c, ev.code, ev.reason);
    };
  }
  async authenticate(c, gen) {
    try {
      const token = typeof this.tokenSource === "function" ? await this.tokenSource() : this.tokenSource;
      if (gen !== this.gen) return;
      const res = await this.rpc(
        { case: "auth", value: { token, deviceId: this.deviceId, platform: 1 /* WEB */, clientVersion: this.opts.clientVersion } },
        "authResult"
      );
      if (gen !== this.gen) return;
      this._auth = res;
      this.attempt = 0;
      this.startPing(c, res.pingIntervalMs || 25e3);
      this.emit("auth", res);
      await this.catchUp();
      if (gen !== this.gen) return;
      if (this.needPull.size > 0) throw errUnavailable("catching up failed");
      this.setStatus("online");
      const waiters = this.onlineWaiters.splice(0);
      for (const w of waiters) w.resolve();
    } catch (err) {
      if (gen !== this.gen) return;
      if (err instanceof ChorusError && !err.temporary && (err.codeName.startsWith("TOKEN_") || err.codeName === "INVALID_ARGUMENT")) {
        this.stop(3501, err.detail, err);
        return;
      }
      console.warn("chorus: connecting failed, retrying", err);
      if (this.conn === c) {
        this.dropSocket("connecting failed");
        if (this.wanted && !this.browserOffline) this.scheduleReconnect();
      }
    }
  }
  handle(c, f) {
    const body = f.body;
    if (f.id !== 0n) {
      const p = c.pending.get(f.id);
      if (!p) return;
      c.pending.delete(f.id);
      clearTimeout(p.timer);
      if (body.case === "error") p.reject(ChorusError.fromFrame(body.value));
      else if (body.case === p.expect) p.resolve(body.value);
      else p.reject(new ChorusError(1002, `unexpected reply ${body.case}`, false));
      return;
    }
    switch (body.case) {
      case "deliver": {
        const m = body.value.message;
        if (!m) break;
        if (this.initialSynced) this.acceptLater(m);
        else this.early.push(m);
        break;
      }
      case "receipt":
        this.emit("receipt", body.value);
        break;
      case "conversationUpdate":
        if (body.value.conversation) this.emit("conversation", body.value.conversation);
        break;
      case "notification":
        this.emit("notification", body.value);
        break;
      case "disconnect":
        c.disconnect = body.value;
        this.emit("disconnect", body.value);
        break;
      case "error":
        console.warn("chorus: error from the node", body.value.message);
        break;
    }
  }
  closed(c, code, reason) {
    this.dropSocket("connection closed");
    const d = c.disconnect;
    const reconnect = d ? d.reconnect : !(code >= 3500 && code <= 3999);
    if (!reconnect) {
      this.stop(d?.code ?? code, d?.reason ?? reason);
      return;
    }
    if (!this.wanted) return;
    if (this.browserOffline) {
      this.setStatus("offline");
      return;
    }
    this.scheduleReconnect();
  }
  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    this.attempt++;
    const max = Math.min(this.opts.maxReconnectDelayMs, this.opts.minReconnectDelayMs * 2 ** (this.attempt - 1));
    const delay = max / 2 + Math.random() * max / 2;
    this.setStatus("connecting");
    this.reconnectTimer = setTimeout(() => {
      if (this.wanted && !this.browserOffline) this.open();
    }, delay);
  }
  /** stop gives up for good (the token was rejected, kicked, removed). */
  stop(code, reason, error) {
    this.wanted = false;
    this.removeWindowListeners?.();
    this.removeWindowListeners = void 0;
    clearTimeout(this.reconnectTimer);
    this.dropSocket(reason || "stopped");
    this.setStatus("offline");
    this.failWaiters(errUnavailable(reason || "stopped"));
    this.emit("stopped", error ? { code, reason, error } : { code, reason });
  }
  /** dropSocket forgets the current socket and fails what waits on it. */
  dropSocket(why) {
    const c = this.conn;
    if (!c) return;
    this.conn = null;
    this.gen++;
    clearInterval(c.pingTimer);
    clearTimeout(c.openTimer);
    for (const p of c.pending.values()) {
      clearTimeout(p.timer);
      p.reject(errUnavailable(why));
    }
    c.pending.clear();
    c.ws.onopen = c.ws.onmessage = c.ws.onclose = null;
    try {
      c.ws.close(1e3);
    } catch {
    }
  }
  startPing(c, intervalMs) {
    clearInterval(c.pingTimer);
    c.pingTimer = setInterval(() => {
      if (Date.now() - c.lastSent < intervalMs * 0.9) return;
      this.rpc({ case: "ping", value: {} }, "pong", Math.min(this.opts.requestTimeoutMs, intervalMs)).catch(() => {
        if (this.conn === c) {
          this.dropSocket("ping unanswered");
          if (this.wanted && !this.browserOffline) this.scheduleReconnect();
        }
      });
    }, Math.max(1e3, intervalMs / 4));
  }
  listenToWindow() {
    this.removeWindowListeners?.();
    this.removeWindowListeners = void 0;
    const w = globalThis.window;
    if (!w?.addEventListener) return;
    const offline = () => {
      this.browserOffline = true;
      clearTimeout(this.reconnectTimer);
      this.dropSocket("the browser went offline");
      if (this.wanted) this.setStatus("offline");
    };
    const online = () => {
      this.browserOffline = false;
      if (this.wanted && !this.conn) {
        this.attempt = 0;
        this.open();
      }
    };
    w.addEventListener("offline", offline);
    w.addEventListener("online", online);
    this.removeWindowListeners = () => {
      w.removeEventListener("offline", offline);
      w.removeEventListener("online", online);
    };
  }
  setStatus(s) {
    if (this._status === s) return;
    this._status = s;
    this.emit("status", s);
  }
  failWaiters(err) {
    for (const w of this.onlineWaiters.splice(0)) w.reject(err);
  }
  // --- catching up ------------------------------------------------------
  /**
   * catchUp syncs the list since the last version. The first time it only
   * learns where every conversation stands (the app reads history as it
   * needs) and then applies the pushes that came meanwhile; after a drop
   * it pulls every gap and waits until each missed message was handed
   * out. It stores the new version only when every pull succeeded, and
   * fails otherwise, so the client reconnects and tries again: a missed
   * message is never skipped.
   */
  async catchUp() {
    const { conversations, version } = await this.syncConversations(this.version);
    if (!this.initialSynced) {
      for (const conv of conversations) {
        void this.enqueue(conv.id, async () => {
          this.held.set(conv.id, maxBig(this.held.get(conv.id) ?? 0n, conv.lastSeq));
        });
        this.emit("conversation", conv);
      }
      this.version = version;
      this.initialSynced = true;
      this.emit("synced", conversations);
      for (const m of this.early.splice(0)) this.acceptLater(m);
      return;
    }
    const targets = /* @__PURE__ */ new Map();
    for (const conv of conversations) {
      this.emit("conversation", conv);
      const t = targets.get(conv.id);
      targets.set(conv.id, t === void 0 || t === null ? conv.lastSeq : maxBig(t, conv.lastSeq));
    }
    for (const id of this.needPull) targets.set(id, null);
    const work = [];
    let failed = null;
    for (const [id, to] of targets) {
      work.push(
        this.enqueue(id, async () => {
          await this.pullUpTo(id, to);
          this.needPull.delete(id);
        }).catch((err) => {
          if (temporary2(err)) {
            this.needPull.add(id);
            failed ?? (failed = err);
          } else {
            this.needPull.delete(id);
            console.warn("chorus: cannot catch up", id, err);
          }
        })
      );
    }
    await Promise.all(work);
    await Promise.all([...this.chains.values()]);
    if (failed) throw failed;
    if (this.needPull.size > 0) throw errUnavailable(`catching up ${[...this.needPull].join(", ")} failed`);
    this.version = version;
  }
  /**
   * enqueue runs fn after the work queued before on the conversation. The
   * returned promise fails if fn does; the chain goes on either way.
   */
  enqueue(conversationId, fn) {
    const prev = this.chains.get(conversationId) ?? Promise.resolve();
    const next = prev.then(fn);
    const chain = next.catch(() => void 0);
    this.chains.set(conversationId, chain);
    void chain.then(() => {
      if (this.chains.get(conversationId) === chain) this.chains.delete(conversationId);
    });
    return next;
  }
  /**
   * acceptLater queues m (a push, or a message sent here). If the gap
   * before it cannot be pulled, m is not handed out now: the conversation
   * is marked for the next catch-up, which pulls m with the gap, and the
   * connection is replaced so that catch-up comes soon.
   */
  acceptLater(m) {
    this.enqueue(m.conversationId, () => this.accept(m)).catch((err) => {
      console.warn("chorus: catching up", m.conversationId, "failed", err);
      if (this._status === "online" && this.conn) {
        this.dropSocket("catching up failed");
        if (this.wanted && !this.browserOffline) this.scheduleReconnect();
      }
    });
  }
  /** accept hands m out unless it was before, pulling any gap first. */
  async accept(m) {
    const conv = m.conversationId;
    const held = this.held.get(conv) ?? 0n;
    if (m.seq <= held) return;
    if (m.seq > held + 1n) {
      try {
        await this.pullUpTo(conv, m.seq - 1n);
      } catch (err) {
        if (temporary2(err)) {
          this.needPull.add(conv);
          throw err;
        }
        console.warn("chorus: cannot read the messages before", conv, m.seq, err);
      }
    }
    if (m.seq > (this.held.get(conv) ?? 0n)) this.handOut(m);
  }
  /**
   * handOut gives m to the listeners and acknowledges it. A message from
   * the peer of a direct conversation also says the peer read up to it:
   * the node moved their read position when they sent and pushes no
   * receipt for that, so the client emits it.
   */
  handOut(m) {
    const conv = m.conversationId;
    this.held.set(conv, m.seq);
    this.emit("message", m);
    this.scheduleAck(conv, m.seq, m.senderId !== this.userId);
    if (m.senderId && m.senderId !== this.userId && conv.startsWith("p:")) {
      this.emit("receipt", create(ReceiptSchema, { conversationId: conv, userId: m.senderId, readSeq: m.seq, deliveredSeq: m.seq }));
    }
  }
  /**
   * pullUpTo pulls and hands out every message after the held one up to
   * `to` (null: up to the newest).
   */
  async pullUpTo(conv, to) {
    let from = (this.held.get(conv) ?? 0n) + 1n;
    while (to === null || from <= to) {
      const res = await this.pull({ conversationId: conv, fromSeq: from, toSeq: to ?? 0n, limit: 200 });
      let last = from - 1n;
      for (const m of res.messages) {
        last = maxBig(last, m.seq);
        if (m.seq > (this.held.get(conv) ?? 0n)) this.handOut(m);
      }
      if (!res.hasMore || res.messages.length === 0) break;
      from = last + 1n;
    }
    if (to !== null) this.held.set(conv, maxBig(this.held.get(conv) ?? 0n, to));
  }
  scheduleAck(conv, seq, fromOthers) {
    if (!this.opts.ackDelivered || !fromOthers) return;
    this.acks.set(conv, maxBig(this.acks.get(conv) ?? 0n, seq));
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = void 0;
      for (const [c, s] of this.acks) this.ackDelivered(c, s);
      this.acks.clear();
    }, 200);
  }
};
export {
  AddGroupMembersRequestSchema,
  AddGroupMembersResponseSchema,
  AuthRequestSchema,
  AuthResultSchema,
  ChorusClient,
  ChorusError,
  ContentSchema,
  ConversationKind,
  ConversationKindSchema,
  ConversationSchema,
  ConversationSettingsRequestSchema,
  ConversationSettingsResultSchema,
  ConversationUpdateSchema,
  CreateGroupRequestSchema,
  CreateGroupResponseSchema,
  CustomSchema,
  DeliverSchema,
  DeliveryAckSchema,
  DisconnectCode,
  DisconnectCodeSchema,
  DisconnectSchema,
  DissolveGroupRequestSchema,
  DissolveGroupResponseSchema,
  Emitter,
  ErrorCode,
  ErrorCodeSchema,
  ErrorSchema,
  FrameSchema,
  GetGroupRequestSchema,
  GetGroupResponseSchema,
  GetReceiptsRequestSchema,
  GetReceiptsResultSchema,
  GetUsersRequestSchema,
  GetUsersResultSchema,
  GroupEventSchema,
  GroupEvent_Kind,
  GroupEvent_KindSchema,
  GroupMemberSchema,
  GroupRequestSchema,
  GroupResultSchema,
  GroupRole,
  GroupRoleSchema,
  GroupSchema,
  JoinGroupRequestSchema,
  JoinGroupResponseSchema,
  JoinPolicy,
  JoinPolicySchema,
  KickDeviceRequestSchema,
  KickDeviceResultSchema,
  LeaveGroupRequestSchema,
  LeaveGroupResponseSchema,
  ListConversationsRequestSchema,
  ListConversationsResultSchema,
  ListGroupMembersRequestSchema,
  ListGroupMembersResponseSchema,
  ListSessionsRequestSchema,
  ListSessionsResultSchema,
  MediaKind,
  MediaKindSchema,
  MediaSchema,
  MessageReceiptSchema,
  MessageSchema,
  MuteGroupMemberRequestSchema,
  MuteGroupMemberResponseSchema,
  NotificationSchema,
  PingSchema,
  Platform,
  PlatformSchema,
  PongSchema,
  PullMessagesRequestSchema,
  PullMessagesResultSchema,
  ReadMarkResultSchema,
  ReadMarkSchema,
  ReceiptSchema,
  RemoveGroupMembersRequestSchema,
  RemoveGroupMembersResponseSchema,
  SendAckSchema,
  SendRequestSchema,
  SessionInfoSchema,
  SetGroupMemberRoleRequestSchema,
  SetGroupMemberRoleResponseSchema,
  SyncConversationsRequestSchema,
  SyncConversationsResultSchema,
  TextSchema,
  TransferGroupOwnerRequestSchema,
  TransferGroupOwnerResponseSchema,
  UpdateGroupRequestSchema,
  UpdateGroupResponseSchema,
  UserProfileSchema,
  UserSchema,
  create,
  deviceIdFromStorage,
  file_chorus_v1_frame,
  file_chorus_v1_group,
  file_chorus_v1_message,
  fromBinary,
  grpc_code,
  randomId,
  temporary,
  toBinary
};
