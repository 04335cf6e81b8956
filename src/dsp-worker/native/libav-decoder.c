/*
 * In-process streaming decoder over FFmpeg's libraries (libavformat + libavcodec), as a Node-API addon.
 *
 * Why: run as a child process, ffmpeg costs a worker ≈ 0.08 s of start-up per file plus ≈ 0.1 s of pipe
 * copying on each side per 4 minutes, and it runs beside the analysis on a second core. Linked into
 * the worker, the same decoders run in the worker's own thread: no process, no pipe, one core.
 *
 * The JS side (`../decoders/libav.ts`) owns the policy; this file only decodes:
 *   open(path)                  -> { handle, sampleRate, channels, codec, frames }   (throws on failure)
 *   read(handle, left[, right]) -> frames written to the planar float32 arrays; 0 at the end
 *   warnings(handle)            -> what FFmpeg logged at error level while decoding ("" when clean)
 *   close(handle)
 * Output: the first two channels as they are (no down-mix), or one for a mono source, at the stream's
 * own sample rate, float32 in [-1, 1]; encoder delay and padding trimmed as ffmpeg does (libavcodec
 * applies the demuxer's skip-samples side data itself). Damaged packets are skipped and logged, as
 * the ffmpeg command line does. A change of sample rate or channel count inside the stream throws an
 * error with code "FORMAT_CHANGE" (the caller re-decodes with the ffmpeg command line, which resamples).
 * Decoding uses one thread: the pool already runs one worker per core.
 *
 * Built by scripts/build-native.mjs against the system's FFmpeg development headers (FFmpeg ≥ 5.1).
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  AVFormatContext *fmt;
  AVCodecContext *dec;
  AVPacket *pkt;
  AVFrame *frame;
  int stream;
  int sample_rate;
  int in_channels;
  int out_channels;
  int frame_pos;   /* next sample of `frame` to deliver; == frame->nb_samples when used up */
  int flushing;    /* the demuxer is done and the decoder has been sent its flush packet */
  int finished;    /* the decoder has returned its last frame */
  char warnings[4096];
  size_t warnings_len;
} Decoder;

/* FFmpeg logs through one global callback; the decoder being worked on collects what it says. */
static Decoder *current = NULL;

static void log_callback(void *avcl, int level, const char *format, va_list args) {
  (void)avcl;
  if (level > AV_LOG_ERROR || current == NULL) return;
  size_t room = sizeof(current->warnings) - current->warnings_len;
  if (room <= 1) return;
  int n = vsnprintf(current->warnings + current->warnings_len, room, format, args);
  if (n > 0) current->warnings_len += (size_t)n < room ? (size_t)n : room - 1;
}

static void add_warning(Decoder *d, const char *what, int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE];
  av_strerror(err, buf, sizeof buf);
  size_t room = sizeof(d->warnings) - d->warnings_len;
  if (room <= 1) return;
  int n = snprintf(d->warnings + d->warnings_len, room, "%s: %s\n", what, buf);
  if (n > 0) d->warnings_len += (size_t)n < room ? (size_t)n : room - 1;
}

/* Releases the file and the codec (what close() does early); the struct itself stays. */
static void decoder_release(Decoder *d) {
  if (current == d) current = NULL;
  av_frame_free(&d->frame);
  av_packet_free(&d->pkt);
  avcodec_free_context(&d->dec);
  avformat_close_input(&d->fmt);
  d->finished = 1;
}

static void decoder_free(Decoder *d) {
  if (d == NULL) return;
  decoder_release(d);
  free(d);
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  decoder_free((Decoder *)data);
}

#define CHECK(call)                                                  \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error(env, "INTERNAL", "Node-API call failed: " #call); \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static napi_value throw_av(napi_env env, const char *code, const char *what, int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE];
  char msg[512];
  av_strerror(err, buf, sizeof buf);
  snprintf(msg, sizeof msg, "%s: %s", what, buf);
  napi_throw_error(env, code, msg);
  return NULL;
}

static int frame_channels(const AVFrame *f) { return f->ch_layout.nb_channels; }

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char path[4096];
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok) {
    napi_throw_type_error(env, "USAGE", "open(path: string)");
    return NULL;
  }
  if (len >= sizeof path - 1) {
    napi_throw_error(env, "USAGE", "path too long");
    return NULL;
  }
  Decoder *d = calloc(1, sizeof *d);
  if (d == NULL) {
    napi_throw_error(env, "NOMEM", "out of memory");
    return NULL;
  }
  current = d;
  /* Local files only: a playlist or concat script posing as audio must not make FFmpeg open URLs. */
  AVDictionary *opts = NULL;
  av_dict_set(&opts, "protocol_whitelist", "file", 0);
  int err = avformat_open_input(&d->fmt, path, NULL, &opts);
  av_dict_free(&opts);
  if (err < 0) {
    decoder_free(d);
    return throw_av(env, "OPEN", "cannot open the file", err);
  }
  err = avformat_find_stream_info(d->fmt, NULL);
  if (err < 0) {
    decoder_free(d);
    return throw_av(env, "OPEN", "cannot read the stream information", err);
  }
  /* The first audio stream, as `ffmpeg -map 0:a:0` and our probe take it (not av_find_best_stream's). */
  const AVCodec *codec = NULL;
  d->stream = -1;
  for (unsigned i = 0; i < d->fmt->nb_streams; i++)
    if (d->fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
      d->stream = (int)i;
      codec = avcodec_find_decoder(d->fmt->streams[i]->codecpar->codec_id);
      break;
    }
  if (d->stream < 0 || codec == NULL) {
    err = d->stream < 0 ? AVERROR_STREAM_NOT_FOUND : AVERROR_DECODER_NOT_FOUND;
    decoder_free(d);
    return throw_av(env, "NO_AUDIO", "no decodable audio stream", err);
  }
  for (unsigned i = 0; i < d->fmt->nb_streams; i++)
    if ((int)i != d->stream) d->fmt->streams[i]->discard = AVDISCARD_ALL;
  AVStream *st = d->fmt->streams[d->stream];
  d->dec = avcodec_alloc_context3(codec);
  d->pkt = av_packet_alloc();
  d->frame = av_frame_alloc();
  if (d->dec == NULL || d->pkt == NULL || d->frame == NULL) {
    decoder_free(d);
    napi_throw_error(env, "NOMEM", "out of memory");
    return NULL;
  }
  err = avcodec_parameters_to_context(d->dec, st->codecpar);
  if (err >= 0) {
    d->dec->thread_count = 1;
    d->dec->pkt_timebase = st->time_base;
    err = avcodec_open2(d->dec, codec, NULL);
  }
  if (err < 0) {
    decoder_free(d);
    return throw_av(env, "OPEN", "cannot open the decoder", err);
  }
  d->sample_rate = d->dec->sample_rate;
  d->in_channels = d->dec->ch_layout.nb_channels;
  if (d->sample_rate <= 0 || d->in_channels <= 0) {
    decoder_free(d);
    napi_throw_error(env, "OPEN", "the audio stream declares no sample rate or channels");
    return NULL;
  }
  d->out_channels = d->in_channels >= 2 ? 2 : 1;
  current = NULL;

  double frames = -1;
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
    frames = (double)st->duration * st->time_base.num / st->time_base.den * d->sample_rate;
  else if (d->fmt->duration != AV_NOPTS_VALUE && d->fmt->duration > 0)
    frames = (double)d->fmt->duration / AV_TIME_BASE * d->sample_rate;

  napi_value result, handle, v;
  CHECK(napi_create_object(env, &result));
  if (napi_create_external(env, d, finalize, NULL, &handle) != napi_ok) {
    decoder_free(d);
    napi_throw_error(env, "INTERNAL", "napi_create_external failed");
    return NULL;
  }
  CHECK(napi_set_named_property(env, result, "handle", handle));
  CHECK(napi_create_int32(env, d->sample_rate, &v));
  CHECK(napi_set_named_property(env, result, "sampleRate", v));
  CHECK(napi_create_int32(env, d->in_channels, &v));
  CHECK(napi_set_named_property(env, result, "channels", v));
  CHECK(napi_create_string_utf8(env, codec->name, NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, result, "codec", v));
  CHECK(napi_create_double(env, frames, &v));
  CHECK(napi_set_named_property(env, result, "frames", v));
  return result;
}

static Decoder *get_decoder(napi_env env, napi_value handle) {
  void *data = NULL;
  if (napi_get_value_external(env, handle, &data) != napi_ok || data == NULL) {
    napi_throw_type_error(env, "USAGE", "not an open decoder handle");
    return NULL;
  }
  return (Decoder *)data;
}

/* Copies samples [from, from + n) of channel `c` of `f` into `out` as float32. */
static int copy_channel(const AVFrame *f, int c, int from, int n, float *out) {
  const int ch = frame_channels(f);
  switch ((enum AVSampleFormat)f->format) {
  case AV_SAMPLE_FMT_FLTP: memcpy(out, (const float *)f->extended_data[c] + from, (size_t)n * sizeof(float)); return 0;
  case AV_SAMPLE_FMT_FLT: {
    const float *s = (const float *)f->data[0] + (size_t)from * ch + c;
    for (int i = 0; i < n; i++) out[i] = s[(size_t)i * ch];
    return 0;
  }
  case AV_SAMPLE_FMT_S16P: {
    const int16_t *s = (const int16_t *)f->extended_data[c] + from;
    for (int i = 0; i < n; i++) out[i] = (float)s[i] * (1.0f / 32768.0f);
    return 0;
  }
  case AV_SAMPLE_FMT_S16: {
    const int16_t *s = (const int16_t *)f->data[0] + (size_t)from * ch + c;
    for (int i = 0; i < n; i++) out[i] = (float)s[(size_t)i * ch] * (1.0f / 32768.0f);
    return 0;
  }
  case AV_SAMPLE_FMT_S32P: {
    const int32_t *s = (const int32_t *)f->extended_data[c] + from;
    for (int i = 0; i < n; i++) out[i] = (float)((double)s[i] * (1.0 / 2147483648.0));
    return 0;
  }
  case AV_SAMPLE_FMT_S32: {
    const int32_t *s = (const int32_t *)f->data[0] + (size_t)from * ch + c;
    for (int i = 0; i < n; i++) out[i] = (float)((double)s[(size_t)i * ch] * (1.0 / 2147483648.0));
    return 0;
  }
  case AV_SAMPLE_FMT_DBLP: {
    const double *s = (const double *)f->extended_data[c] + from;
    for (int i = 0; i < n; i++) out[i] = (float)s[i];
    return 0;
  }
  case AV_SAMPLE_FMT_DBL: {
    const double *s = (const double *)f->data[0] + (size_t)from * ch + c;
    for (int i = 0; i < n; i++) out[i] = (float)s[(size_t)i * ch];
    return 0;
  }
  case AV_SAMPLE_FMT_U8P: {
    const uint8_t *s = f->extended_data[c] + from;
    for (int i = 0; i < n; i++) out[i] = ((float)s[i] - 128.0f) * (1.0f / 128.0f);
    return 0;
  }
  case AV_SAMPLE_FMT_U8: {
    const uint8_t *s = f->data[0] + (size_t)from * ch + c;
    for (int i = 0; i < n; i++) out[i] = ((float)s[(size_t)i * ch] - 128.0f) * (1.0f / 128.0f);
    return 0;
  }
  default: return -1;
  }
}

/*
 * Makes `d->frame` hold undelivered samples. Returns 1 when it does, 0 at the end of the stream,
 * or a negative AVERROR for a failure that ends decoding.
 */
static int next_frame(Decoder *d) {
  for (;;) {
    int err = avcodec_receive_frame(d->dec, d->frame);
    if (err >= 0) {
      if (d->frame->nb_samples <= 0) continue;
      d->frame_pos = 0;
      return 1;
    }
    if (err == AVERROR_EOF) {
      d->finished = 1;
      return 0;
    }
    if (err != AVERROR(EAGAIN)) {
      /* The decoder gave up on this frame (damaged data): skip it, as the command line does. */
      add_warning(d, "decoding error", err);
      if (d->flushing) {
        d->finished = 1;
        return 0;
      }
    }
    if (d->flushing) {
      d->finished = 1;
      return 0;
    }
    /* The decoder wants input. */
    for (;;) {
      err = av_read_frame(d->fmt, d->pkt);
      if (err < 0) {
        if (err != AVERROR_EOF) add_warning(d, "read error", err);
        d->flushing = 1;
        avcodec_send_packet(d->dec, NULL);
        break;
      }
      if (d->pkt->stream_index != d->stream) {
        av_packet_unref(d->pkt);
        continue;
      }
      err = avcodec_send_packet(d->dec, d->pkt);
      av_packet_unref(d->pkt);
      if (err < 0 && err != AVERROR(EAGAIN)) {
        add_warning(d, "damaged packet skipped", err);
        continue;
      }
      break;
    }
  }
}

static napi_value js_read(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, "USAGE", "read(handle, left, right?)");
    return NULL;
  }
  Decoder *d = get_decoder(env, argv[0]);
  if (d == NULL) return NULL;
  napi_value result;
  if (d->dec == NULL) { /* closed */
    CHECK(napi_create_double(env, 0, &result));
    return result;
  }
  float *out[2] = {NULL, NULL};
  size_t cap[2] = {0, 0};
  for (size_t k = 0; k < 2 && k + 1 < argc; k++) {
    napi_typedarray_type type;
    size_t length;
    void *data;
    if (napi_get_typedarray_info(env, argv[k + 1], &type, &length, &data, NULL, NULL) != napi_ok ||
        type != napi_float32_array) {
      napi_throw_type_error(env, "USAGE", "read(handle, left: Float32Array, right?: Float32Array)");
      return NULL;
    }
    out[k] = data;
    cap[k] = length;
  }
  if (d->out_channels == 2 && out[1] == NULL) {
    napi_throw_type_error(env, "USAGE", "a stereo stream needs two output arrays");
    return NULL;
  }
  size_t want = cap[0];
  if (d->out_channels == 2 && cap[1] < want) want = cap[1];

  current = d;
  size_t filled = 0;
  while (filled < want && !d->finished) {
    if (d->frame->nb_samples <= 0 || d->frame_pos >= d->frame->nb_samples) {
      av_frame_unref(d->frame);
      int r = next_frame(d);
      if (r < 0) break;
      if (r == 0) break;
      if (d->frame->sample_rate != d->sample_rate || frame_channels(d->frame) != d->in_channels) {
        current = NULL;
        napi_throw_error(env, "FORMAT_CHANGE", "the sample rate or channel count changes inside the stream");
        return NULL;
      }
    }
    int n = d->frame->nb_samples - d->frame_pos;
    if ((size_t)n > want - filled) n = (int)(want - filled);
    for (int c = 0; c < d->out_channels; c++) {
      if (copy_channel(d->frame, c, d->frame_pos, n, out[c] + filled) < 0) {
        current = NULL;
        char msg[128];
        snprintf(msg, sizeof msg, "unsupported sample format %s",
                 av_get_sample_fmt_name((enum AVSampleFormat)d->frame->format));
        napi_throw_error(env, "UNSUPPORTED", msg);
        return NULL;
      }
    }
    d->frame_pos += n;
    filled += (size_t)n;
  }
  current = NULL;
  CHECK(napi_create_double(env, (double)filled, &result));
  return result;
}

/* The decoder of a call whose only argument is a handle; NULL with a JS exception pending otherwise. */
static Decoder *handle_arg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    napi_throw_type_error(env, "USAGE", "expected a decoder handle");
    return NULL;
  }
  return get_decoder(env, argv[0]);
}

static napi_value js_warnings(napi_env env, napi_callback_info info) {
  Decoder *d = handle_arg(env, info);
  if (d == NULL) return NULL;
  napi_value s;
  CHECK(napi_create_string_utf8(env, d->warnings, d->warnings_len, &s));
  return s;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  Decoder *d = handle_arg(env, info);
  if (d == NULL) return NULL;
  /* Release the codec and file now; the external's finalizer then frees only the empty shell. */
  decoder_release(d);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  av_log_set_callback(log_callback);
  napi_property_descriptor props[] = {
    {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
    {"read", NULL, js_read, NULL, NULL, NULL, napi_default, NULL},
    {"warnings", NULL, js_warnings, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  napi_value version;
  CHECK(napi_create_string_utf8(env, av_version_info(), NAPI_AUTO_LENGTH, &version));
  CHECK(napi_set_named_property(env, exports, "ffmpegVersion", version));
  return exports;
}

#ifndef NODE_GYP_MODULE_NAME
#define NODE_GYP_MODULE_NAME soundprint_libav
#endif
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
